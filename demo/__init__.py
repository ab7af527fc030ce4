"""The demo city generator behind ``manage.py seed_city``: a realistic, deterministic pilot city.

It sits above every domain app, since it writes all their tables. The content is a pure function of (city, scale,
seed, as-of date): one ``random.Random`` seeded by them makes every choice, no choice reads a database id or the
clock, and rows are written in bulk with primary keys assigned in advance. The seed writes rows directly rather
than through the workflow services (propose, countersign, offer, accept…): those act one row at a time and at the
present moment, while the seed writes years of history for up to a million students. It reuses the apps' validators for
identifiers, honours every database constraint of the models and leaves each row in a state the workflows could
have reached (``tests/demo/test_seed_city.py`` checks both).

Modules: ``vocabulary`` (data), ``identities`` (names and ID numbers), ``bulk`` (COPY / bulk_create),
``context`` (shared state and the tables written), one module per part of the city, ``history`` (the scoring runs
that end the seed) and ``seed`` (the transaction around it all). ``vocabulary.DEMO_CITIES`` lists the demo cities
(``seed_city --city``), each with its own names, division codes and logins.
"""
