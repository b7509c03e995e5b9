"""Who may do what in community groups (the one rule: accounts.permissions)."""

import rules

from accounts.models import OVERSIGHT_ROLES, Role
from accounts.permissions import role_in

# Groups, members, activities, follow-ups and photos are kept by the village and its community.
COMMUNITY_WORK_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)

rules.add_perm("community.view_groups", role_in(*COMMUNITY_WORK_ROLES, *OVERSIGHT_ROLES))
rules.add_perm("community.edit_group", role_in(*COMMUNITY_WORK_ROLES))
rules.add_perm("community.edit_member", role_in(*COMMUNITY_WORK_ROLES))
rules.add_perm("community.edit_activity", role_in(*COMMUNITY_WORK_ROLES))
rules.add_perm("community.edit_follow_up", role_in(*COMMUNITY_WORK_ROLES))
rules.add_perm("community.add_photo", role_in(*COMMUNITY_WORK_ROLES))

# Every URL that opens one record: the model it opens, the permission it needs beyond seeing the record (None:
# reading), and how the URL's arguments come from the record when they are not just its pk. The contract test
# (tests/test_contract.py) walks these with every demo role; a URL with an id that is not listed fails it.
OBJECT_URLS = {
    "community:group": ("community.CommunityGroup", None),
    "community:group_edit": ("community.CommunityGroup", "community.edit_group"),
    "community:member_add": ("community.CommunityGroup", "community.edit_member"),
    "community:member_edit": ("community.GroupMember", "community.edit_member"),
    "community:activity_create": ("community.CommunityGroup", "community.edit_activity"),
    "community:activity": ("community.Activity", None),
    "community:activity_edit": ("community.Activity", "community.edit_activity"),
    "community:follow_up_add": ("community.Activity", "community.edit_follow_up"),
    "community:photo_add": ("community.Activity", "community.add_photo"),
    "community:follow_up_close": ("community.FollowUp", "community.edit_follow_up"),
    "community:photo": ("community.ActivityPhoto", None),
}
