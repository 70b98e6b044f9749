"""Grades to the LMS: the gradebook-import CSVs of Canvas and Moodle."""

import csv
import io

import pytest
from people import sample_roster

from coursekit.classroom.lms import canvas_csv, moodle_csv


def test_lms_csvs_have_documented_columns(tmp_path):
    """Do the Canvas and Moodle CSVs carry their columns, the LMS ids and the scores?"""
    roster = sample_roster(tmp_path)
    maxima = {"python_basics": 15.0, "quiz": 12.0}
    grades = {("ann", "python_basics"): 4.0, ("ann", "quiz"): 11.5, ("bob", "quiz"): 0.0}
    rows = list(csv.reader(io.StringIO(canvas_csv(roster, maxima, grades))))
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "python_basics",
        "quiz",
    ]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5:] == ["15", "12"]
    assert rows[2] == ["Ann A", "", "ann@uni.example", "", "", "4", "11.5"]
    assert rows[3] == ["bob", "", "bob", "", "", "", "0"]
    rows = list(csv.reader(io.StringIO(moodle_csv(roster, maxima, grades, "Email address"))))
    assert rows == [
        ["Email address", "python_basics", "quiz"],
        ["ann@uni.example", "4", "11.5"],
        ["bob", "", "0"],
    ]
    with pytest.raises(ValueError, match="Moodle identity field"):
        moodle_csv(roster, maxima, grades, "Student number")
