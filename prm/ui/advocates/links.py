"""The advocacy links a contact card carries (no imports: the card loads it at start-up).

``advocacy:new/<kind>`` starts an entry for the contact on the card;
``advocacy:<kind>/<id>`` opens that referral, introduction or engagement.
"""

ADVOCACY_SCHEME = "advocacy"
NEW_LINKS = (
    ("referral", "Referral…"),
    ("introduction", "Introduce…"),
    ("signal", "Advocacy…"),
    ("engagement", "Engagement…"),
)
