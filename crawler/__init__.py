

def version() -> str | None:
    """linkaudit's installed version; ``None`` in a checkout that was never installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("linkaudit")
    except PackageNotFoundError:
        return None
