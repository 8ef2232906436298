"""Writes of the partnerships app: one function per business operation, each in a transaction
that also records the history entry; emails are sent once the transaction commits.

Each operation checks its `by` against perms.py first (`perms.require`): views, the API and commands
share one rule, and a refusal is `Hidden` (404) or `Forbidden` (403) from alliances.core.permissions.
"""

from alliances.partnerships.services.alliance import (
    alliance_create,
    alliance_delete,
    alliance_restore,
    alliance_set_step,
    alliance_update,
    alliances_purge_deleted,
    call_mark_opened,
)
from alliances.partnerships.services.common import (
    AllianceError,
    ConflictError,
    InvitationError,
    NewOrganisation,
    history_record,
    organisation_resolve,
)
from alliances.partnerships.services.items import (
    checklist_toggle,
    item_create,
    item_delete,
    item_update,
    measurement_add,
    measurement_delete,
)
from alliances.partnerships.services.members import (
    actor_target_from_directory,
    catalyst_invite,
    diagnostic_from_portrait,
    invitation_accept,
    invitation_from_token,
    invitation_send,
    invitation_token,
    join_request_create,
    join_request_decide,
    membership_remove,
    membership_set_organisation,
    membership_update,
)

__all__ = [
    "AllianceError",
    "ConflictError",
    "InvitationError",
    "NewOrganisation",
    "actor_target_from_directory",
    "alliance_create",
    "alliance_delete",
    "alliance_restore",
    "alliance_set_step",
    "alliance_update",
    "alliances_purge_deleted",
    "call_mark_opened",
    "catalyst_invite",
    "checklist_toggle",
    "diagnostic_from_portrait",
    "history_record",
    "invitation_accept",
    "invitation_from_token",
    "invitation_send",
    "invitation_token",
    "item_create",
    "item_delete",
    "item_update",
    "join_request_create",
    "join_request_decide",
    "measurement_add",
    "measurement_delete",
    "membership_remove",
    "membership_set_organisation",
    "membership_update",
    "organisation_resolve",
]
