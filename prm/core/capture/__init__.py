"""Touches that capture themselves: calendars and mailboxes read on the laptop.

Readers (``ics_files``, ``mail_files``, ``caldav``, ``imap``) turn a source into
observations (:mod:`prm.core.capture.observations`): what happened, with whom,
and a key that names the item forever. The proposer matches the people to
contacts and filters what is not a relationship moment; the queue keeps the
proposals until the user accepts (through ``touches.log_touch``, like a typed
touch) or rejects them. Nothing is written as a touch before that, and the
keys are remembered so nothing is proposed twice.
"""
