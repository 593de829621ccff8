"""The command line: an interface on the core (:mod:`simulator`) and :mod:`presentation`, like the app.

``python -m simulator …`` (or ``python -m cli …``) runs :func:`cli.commands.main`.
"""
