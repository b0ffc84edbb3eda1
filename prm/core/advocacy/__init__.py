"""Advocates, referrals and introductions: which relationships carry the business.

ledger (the records), owed (thank-yous owed), reciprocity (given vs asked),
load (reference load), responsiveness (reply times), value (the transparent
score), lists (the Advocates section). Core only: no Qt; ORM classes reached
through ``prm.core.orm`` inside functions, or raw SQL, so start-up stays light.
"""
