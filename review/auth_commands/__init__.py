"""Django's auth management commands, audited (INSTALLED_APPS lists this app before django.contrib.auth,
so its commands are the ones `manage.py` runs)."""
