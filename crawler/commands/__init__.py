"""The use cases of ``linkaudit``, one module each: they take checked inputs and return outcomes.

Nothing here prints or picks an exit code: ``crawler.cli`` does, from the
outcome. Input the user must fix is refused with :class:`~crawler.commands.errors.UsageError`.
"""
