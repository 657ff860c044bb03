from __future__ import annotations

import inspect

import pytest

from newsaudit import errors


def _error_classes() -> list[type[errors.NewsauditError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.NewsauditError)]


def test_errors_codes_are_unique_among_leaf_classes() -> None:
    leaves = [c for c in _error_classes() if not c.__subclasses__()]
    codes = [c.code for c in leaves]
    assert len(codes) == len(set(codes)), codes
    assert all(code.startswith("E") and code != "E000" for code in codes)


@pytest.mark.parametrize(
    ("cls", "exit_code"),
    [
        (errors.EmptyInputError, 3),
        (errors.NotEnglishError, 3),
        (errors.SettingsError, 2),
        (errors.InputNotFoundError, 2),
        (errors.EvalDataError, 2),
    ],
)
def test_errors_exit_codes_follow_the_cli_contract(cls: type[errors.NewsauditError], exit_code: int) -> None:
    assert cls("x").exit_code == exit_code


def test_errors_str_carries_the_code() -> None:
    assert str(errors.BinaryInputError("binary")) == "[E002] binary"
