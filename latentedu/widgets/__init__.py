"""Widget demos: one thin view per demo, over the pure functions of the topic modules.

This is the only package that imports ipywidgets. Every demo is a
:class:`~latentedu.widgets._base.Demo`; its factory is decorated with
``@register`` so the benchmark and the tests find it.
"""

from ._base import Backdrop, Demo, register, registered_demos

__all__ = ["Backdrop", "Demo", "register", "registered_demos"]
