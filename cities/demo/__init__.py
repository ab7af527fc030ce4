"""The demo city generator behind ``manage.py seed_city``: a realistic, deterministic pilot city.

The content is a pure function of (scale, seed, as-of date): one ``random.Random(seed)`` makes every choice, no
choice reads a database id or the clock, and rows are written in bulk with primary keys assigned in advance.
The seed writes rows directly rather than through workflow services (propose, countersign, offer, accept…),
which do not exist yet and would be far too slow for a million students; it reuses the apps' validators for
identifiers and honours every database constraint of the models.

Modules: ``vocabulary`` (data), ``identities`` (names and ID numbers), ``bulk`` (COPY / bulk_create),
``context`` (shared state), one module per part of the city, and ``seed`` (the transaction around it all).
"""
