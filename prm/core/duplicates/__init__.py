"""Finding and merging duplicate contacts.

names (how alike two names are, blocking keys) -> scoring (is a pair the same
person, and why) -> finding (blocking over the whole store, on the worker) ->
candidates (that result stored, refreshed for the contacts that change) ->
screen (a page of it; clusters for the command line); dismissals ("not a duplicate", remembered);
merging (field by field, every link kept; moves, snapshot: exact undo).
"""

from prm.core.duplicates.clusters import Cluster, Pair
from prm.core.duplicates.dismissals import dismiss_pair, dismissed_pairs, undismiss_pair
from prm.core.duplicates.finding import DuplicateReport, FindCancelled, find_duplicates
from prm.core.duplicates.merging import (
    KEEP,
    OTHER,
    FieldChoice,
    MergePlan,
    MergeResult,
    merge_contacts,
    merge_plan,
    undo_merge,
)

__all__ = [
    "KEEP",
    "OTHER",
    "Cluster",
    "DuplicateReport",
    "FieldChoice",
    "FindCancelled",
    "MergePlan",
    "MergeResult",
    "Pair",
    "dismiss_pair",
    "dismissed_pairs",
    "find_duplicates",
    "merge_contacts",
    "merge_plan",
    "undismiss_pair",
    "undo_merge",
]
