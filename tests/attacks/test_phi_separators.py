"""The PHI guard in front of external models: identifiers in everyday writings it lets through.

docs/phi.md promises an NRIC with "an optional space, dot or hyphen" and phones in 4+4 groups.
People also type two spaces, a tab, a slash or an underscore; under the "block" policy these
reach an external model untouched.
"""

from __future__ import annotations

import pytest

from translations.phi import PhiBlocked, guard_outbound


@pytest.mark.parametrize(
    "text",
    [
        "Call the patient on 8123  4567 after discharge.",  # two spaces between the groups
        "Call the patient on 8123\t4567 after discharge.",  # a tab (pasted from a spreadsheet)
        "Call the patient on (9123) 4567 after discharge.",
        "Patient NRIC S1234/567D, follow up in clinic.",
        "Patient NRIC S1234_567D, follow up in clinic.",
        "Patient NRIC S/1234567/D, follow up in clinic.",
    ],
)
def test_block_refuses_to_send_an_identifier_written_with_common_separators(text):
    with pytest.raises(PhiBlocked):
        guard_outbound(pieces={"1": text}, policy="block")


def test_an_allowed_name_does_not_let_the_nric_beside_it_through():
    # Regression guard: allow-list entries apply to names only.
    with pytest.raises(PhiBlocked):
        guard_outbound(
            pieces={"1": "Dr Lim S1234567D will see you."},
            policy="block",
            allowed_names=("Dr Lim S1234567D", "Dr Lim"),
        )
