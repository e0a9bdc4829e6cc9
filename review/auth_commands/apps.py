from django.apps import AppConfig


class AuthCommandsConfig(AppConfig):
    # No models: only management commands that take the place of django.contrib.auth's.
    name = "review.auth_commands"
    label = "review_auth_commands"
