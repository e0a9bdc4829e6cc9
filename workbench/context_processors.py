"""Template context shared by every page: the user's roles, asked lazily of review.permissions."""

from __future__ import annotations

from functools import cached_property

from review import permissions


class Roles:
    """Answers only what a template asks, so public pages run no permission queries."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def is_author(self) -> bool:
        return permissions.is_author(self._user)

    @cached_property
    def is_publisher(self) -> bool:
        return permissions.is_publisher(self._user)

    @cached_property
    def review_stages(self) -> dict[str, set[str]]:
        return permissions.review_stages(self._user)

    @cached_property
    def is_reviewer(self) -> bool:
        return bool(self.review_stages)

    @cached_property
    def can_create_leaflet(self) -> bool:
        return permissions.can_create_leaflet(self._user)

    @cached_property
    def has_role(self) -> bool:
        # Authors, publishers, reviewers and translators (review.permissions decides).
        return permissions.has_any_role(self._user)

    @cached_property
    def can_view_reports(self) -> bool:
        return permissions.can_view_reports(self._user)

    @cached_property
    def can_view_dashboard(self) -> bool:
        return self.has_role


def roles(request):
    return {"roles": Roles(getattr(request, "user", None))}
