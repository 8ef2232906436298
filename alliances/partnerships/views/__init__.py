"""Pages of the alliances: thin views that parse, read the alliance through its one gate
(`selectors.alliance_get_visible`) and call services, which check the user's rights (perms.py).

One module per part of the alliance: the alliance itself, the step workspaces, its members, its documents.
"""

from alliances.partnerships.views.alliance import (
    alliance_create,
    alliance_delete,
    alliance_detail,
    alliance_edit,
    alliance_restore,
    alliance_set_step,
    dashboard,
    history,
)
from alliances.partnerships.views.documents import contributions_csv, convention_document, publish_practice
from alliances.partnerships.views.members import (
    invitation,
    join,
    join_request_decide,
    members,
    membership_change,
    membership_organisation,
    organisation_picker,
)
from alliances.partnerships.views.workspaces import (
    actor_add,
    catalyst_invite,
    checklist_toggle,
    diagnostic_from_portrait,
    item_create,
    item_delete,
    item_edit,
    measurement_add,
    measurement_delete,
    step_workspace,
)

__all__ = [
    "actor_add",
    "alliance_create",
    "alliance_delete",
    "alliance_detail",
    "alliance_edit",
    "alliance_restore",
    "alliance_set_step",
    "catalyst_invite",
    "checklist_toggle",
    "contributions_csv",
    "convention_document",
    "dashboard",
    "diagnostic_from_portrait",
    "history",
    "invitation",
    "item_create",
    "item_delete",
    "item_edit",
    "join",
    "join_request_decide",
    "measurement_add",
    "measurement_delete",
    "members",
    "membership_change",
    "membership_organisation",
    "organisation_picker",
    "publish_practice",
    "step_workspace",
]
