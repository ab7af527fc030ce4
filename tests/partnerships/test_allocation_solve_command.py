"""``manage.py allocation_solve``: a round from CSV files, its result file, its summary, and every bad input reported
with its file and line while nothing is written."""

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation

from partnerships.management.commands import allocation_solve

CHOICES = "student,rank,posting\nS1,1,A\nS1,2,B\nS2,1,A\nS3,1,A\nS3,2,C\nS4,1,C\n"
RANKINGS = "posting,rank,student\nA,1,S3\nA,2,S2\nA,3,S1\nB,1,S1\nC,1,S3\n"
CAPACITIES = "posting,slots\nA,1\nB,1\nC,2\n"


@pytest.fixture
def files(tmp_path):
    """Writes the three files (each given as text, the good ones by default) and returns their options."""

    def write(choices=CHOICES, rankings=RANKINGS, capacities=CAPACITIES) -> dict[str, str]:
        options = {"out": str(tmp_path / "result.csv")}
        for name, text in (("choices", choices), ("rankings", rankings), ("capacities", capacities)):
            (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
            options[name] = str(tmp_path / f"{name}.csv")
        return options

    return write


def run(options: dict[str, str], **extra) -> str:
    printed = []

    class Out:
        def write(self, text):
            printed.append(text)

        def flush(self):
            pass

    call_command("allocation_solve", **options, **extra, stdout=Out())
    return "".join(printed)


def result(options) -> list[list[str]]:
    with open(options["out"], newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def refusal(options, **extra) -> list[str]:
    with pytest.raises(CommandError) as raised:
        run(options, **extra)
    assert not Path(options["out"]).exists()
    return str(raised.value).splitlines()


def test_a_round_from_files_writes_who_got_what_and_says_how_it_went(files):
    # By hand: A (1 slot) prefers S3 > S2 > S1, so S3 keeps A; S1 falls back to B; S2 is outranked; C did not rank S4.
    options = files()
    printed = run(options, seed=5)
    assert result(options) == [["student", "posting"], ["S1", "B"], ["S3", "A"]]
    assert (
        "Students with choices: 4; placed: 2; unplaced: 2 (not ranked by any posting they chose: 1; outranked: 1)"
        in printed
    )
    assert "Seed: 5 (pass --seed 5 to reproduce this result)." in printed
    assert re.search(r"Read the files in [\d.]+ s, solved and checked in [\d.]+ s, wrote .*result.csv", printed)


def test_without_a_seed_one_is_drawn_and_printed_and_reproduces_the_result(files):
    # Two students tie at A's only slot: the lottery decides, and the printed seed decides it again.
    options = files(
        choices="student,rank,posting\nS1,1,A\nS2,1,A\n",
        rankings="posting,rank,student\nA,1,S1\nA,1,S2\n",
        capacities="posting,slots\nA,1\n",
    )
    winners = set()
    for _ in range(12):
        seed = int(re.search(r"Seed: (\d+)", run(options)).group(1))
        drawn = result(options)
        run(options, seed=seed)
        assert result(options) == drawn
        winners.add(drawn[1][0])
    assert winners == {"S1", "S2"}


def test_ids_are_opaque_strings_quoted_as_csv_quotes_them(files):
    options = files(
        choices='student,rank,posting\n"2024,001 王",1,"岗位 ""A"""\n',
        rankings='posting,rank,student\n"岗位 ""A""",1,"2024,001 王"\n',
        capacities='posting,slots\n"岗位 ""A""",1\n',
    )
    run(options, seed=0)
    assert result(options) == [["student", "posting"], ["2024,001 王", '岗位 "A"']]


def test_a_posting_may_rank_only_some_students_and_ranks_need_not_be_contiguous(files):
    options = files(
        choices="student,rank,posting\nS1,10,A\nS1,20,B\nS2,5,A\n",
        rankings="posting,rank,student\nA,7,S2\nB,3,S1\n",
        capacities="posting,slots\nA,3\nB,1\n",
    )
    run(options, seed=0)
    assert result(options) == [["student", "posting"], ["S1", "B"], ["S2", "A"]]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"choices": "student,posting,rank\nS1,A,1\n"},
            ["choices.csv line 1: The first line must be the header student,rank,posting, not student,posting,rank."],
        ),
        (
            {"rankings": ""},
            ["rankings.csv line 1: The first line must be the header posting,rank,student, not an empty line."],
        ),
        ({"choices": CHOICES + "S5,1\n"}, ["choices.csv line 8: The row has 2 columns; it needs 3."]),
        ({"choices": CHOICES + ",1,A\n"}, ["choices.csv line 8: The student is empty."]),
        ({"choices": CHOICES + "S5,first,A\n"}, ["choices.csv line 8: The rank 'first' is not a whole number."]),
        ({"rankings": RANKINGS + "A,1.5,S4\n"}, ["rankings.csv line 7: The rank '1.5' is not a whole number."]),
        (
            {"choices": CHOICES + "S5,0,A\n"},
            ["choices.csv line 8: The rank must be a whole number from 1 to 2147483647, not 0."],
        ),
        ({"choices": CHOICES + "S5,1,Z\n"}, ["choices.csv line 8: Posting Z is not in capacities.csv."]),
        ({"rankings": RANKINGS + "Z,1,S1\n"}, ["rankings.csv line 7: Posting Z is not in capacities.csv."]),
        (
            {"choices": CHOICES + "S4,2,C\n"},
            ["choices.csv line 8: Student S4 lists posting C twice (first on line 7)."],
        ),
        ({"choices": CHOICES + "S4,1,A\n"}, ["choices.csv line 8: Student S4 gives rank 1 twice (first on line 7)."]),
        (
            {"rankings": RANKINGS + "A,4,S3\n"},
            ["rankings.csv line 7: Posting A ranks student S3 twice (first on line 2)."],
        ),
        (
            {"capacities": CAPACITIES + "A,2\n"},
            ["capacities.csv line 5: Posting A is listed twice (first on line 2)."],
        ),
        ({"capacities": CAPACITIES + "D,some\n"}, ["capacities.csv line 5: The slots 'some' are not a whole number."]),
        ({"capacities": CAPACITIES + "D,-1\n"}, ["capacities.csv line 5: The slots must be 0 or more, not -1."]),
    ],
)
def test_every_bad_row_is_reported_with_its_file_and_line_and_nothing_is_written(files, changes, expected):
    lines = refusal(files(**changes), seed=1)
    assert lines == [
        *expected,
        "1 problem in the files: nothing was solved or written. Fix the rows above and run again.",
    ]


def test_all_the_problems_of_all_the_files_are_reported_at_once_in_file_and_line_order(files):
    options = files(
        choices=CHOICES + "S5,x,A\nS5,1,Q\n",
        rankings=RANKINGS + "B,1,S1\n",
        capacities=CAPACITIES + "A,0\n",
    )
    assert refusal(options) == [
        "capacities.csv line 5: Posting A is listed twice (first on line 2).",
        "choices.csv line 8: The rank 'x' is not a whole number.",
        "choices.csv line 9: Posting Q is not in capacities.csv.",
        "rankings.csv line 7: Posting B ranks student S1 twice (first on line 5).",
        "4 problems in the files: nothing was solved or written. Fix the rows above and run again.",
    ]


def test_a_long_report_is_cut_short_and_counts_the_rest(files, monkeypatch):
    monkeypatch.setattr(allocation_solve, "MAX_REPORTED", 2)
    lines = refusal(files(choices=CHOICES + "S5,1,X\nS5,2,Y\nS5,3,Z\n"))
    assert lines[2:] == [
        "… and 1 more.",
        "3 problems in the files: nothing was solved or written. Fix the rows above and run again.",
    ]


def test_a_missing_file_is_reported(files, tmp_path):
    options = {**files(), "rankings": str(tmp_path / "nowhere.csv")}
    assert refusal(options)[0] == "nowhere.csv: The file cannot be read: No such file or directory"


def test_a_negative_seed_is_refused(files):
    assert refusal(files(), seed=-1) == ["--seed must be 0 or more, not -1."]


def test_a_previous_result_is_left_alone_when_the_files_are_bad(files):
    options = files()
    run(options, seed=0)
    before = result(options)
    bad = files(choices=CHOICES + "S5,1,Z\n")
    with pytest.raises(CommandError):
        run(bad, seed=0)
    assert result(options) == before


def test_the_exit_status_is_0_on_success_and_1_on_bad_input(files, capsys):
    options = files()
    arguments = ["manage.py", "allocation_solve", "--seed", "3"]
    arguments += [f"--{name}={value}" for name, value in options.items()]
    execute_from_command_line(arguments)
    assert "placed: 2" in capsys.readouterr().out

    files(capacities=CAPACITIES + "A,2\n")
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(arguments)
    assert exited.value.code == 1
    assert "capacities.csv line 5: Posting A is listed twice" in capsys.readouterr().err


def test_the_operator_reads_the_report_in_chinese(files):
    with translation.override("zh-hans"), pytest.raises(CommandError) as raised:
        run(files(choices=CHOICES + "S5,1,Z\n"), seed=0)
    assert "岗位 Z 不在 capacities.csv 中" in str(raised.value)
