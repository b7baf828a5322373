"""core/app_settings.py: settings an admin changes, one row each."""
from __future__ import annotations

from core import app_settings
from core.db import session_scope


def test_missing_settings_give_the_default(app_env):
    assert app_settings.get_app_setting("nothing here") is None
    assert app_settings.get_app_setting("nothing here", "fallback") == "fallback"


def test_put_says_whether_anything_changed(app_env):
    with session_scope() as s:
        assert app_settings.put_app_setting(s, app_settings.VIEWER_DOWNLOADS, "true") is True
    assert app_settings.get_app_setting(app_settings.VIEWER_DOWNLOADS) == "true"
    with session_scope() as s:
        assert app_settings.put_app_setting(s, app_settings.VIEWER_DOWNLOADS, "true") is False
        assert app_settings.put_app_setting(s, app_settings.VIEWER_DOWNLOADS, "false") is True
    assert app_settings.get_app_setting(app_settings.VIEWER_DOWNLOADS) == "false"


def test_a_rolled_back_transaction_leaves_the_setting_alone(app_env):
    try:
        with session_scope() as s:
            app_settings.put_app_setting(s, "colour", "blue")
            raise RuntimeError("the change around it failed")
    except RuntimeError:
        pass
    assert app_settings.get_app_setting("colour") is None
