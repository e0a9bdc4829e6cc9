"""The OpenAPI schema's one rule beyond drf-spectacular: every operation documents the refusals it can meet.

A client (and the fuzzer) is told the truth about every status a call can
answer: 401 and 429 for any call that needs credentials, 400 and 403 for any
call that changes something, 404 for any path with an id and any paginated
list (a page past the end). Views still declare their own specific refusals
(409 when the gate is closed, 412/428 around If-Match) with `refusals(...)`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from workbench.api_base import ErrorSerializer


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        codes = {429} if public else {401, 429}
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes |= {400, 403}
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {415}  # a body in a media type the operation does not read
        if "{" in self.path or self._is_list_view():
            codes |= {404}
        if self._is_list_view():
            codes |= {400}  # a query parameter that is not what the list accepts
        for code in sorted(codes):
            responses.setdefault(
                str(code), self._get_response_for_code(ErrorSerializer, str(code), direction=direction)
            )
        return responses
