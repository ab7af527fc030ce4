"""The evaluation app's panels on lower apps' record pages (common/panels.py), one module per page family.

Importing this package registers them (EvaluationConfig.ready).
"""

from evaluation.panels import agreements, colleges, enterprises, placements, programs, students  # noqa: F401
