"""The app's settings: read once from the environment, one prefix, one table in the README."""

from config.settings import ENV_PREFIX, Settings, load_settings

__all__ = ["ENV_PREFIX", "Settings", "load_settings"]
