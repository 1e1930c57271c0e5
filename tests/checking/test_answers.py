"""Reading what a learner typed: every accepted way of writing an answer, and every refusal."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.checking import IntAnswer, Problem, ShapeAnswer, Unreadable, read_answer
from tutor.checking.answers import FORMS, MAX_LENGTH

EXPECTS = [None, "int", "shape"]


def as_int(text, expect=None):
    reading = read_answer(text, expect)
    assert isinstance(reading, IntAnswer), reading
    return reading


def as_shape(text, expect=None):
    reading = read_answer(text, expect)
    assert isinstance(reading, ShapeAnswer), reading
    return reading


def refused(text, expect=None):
    reading = read_answer(text, expect)
    assert isinstance(reading, Unreadable), reading
    return reading


# --- The lesson's three answers, however they are written ------------------------------------

LESSON_INTS = [
    ("896", 896), ("896 params", 896), ("896 parameters", 896), ("896 Params", 896),
    ("= 896", 896), ("+896", 896), ("  896\n", 896), ("32*3*3*3 + 32", 896),
    ("3*3*3*32+32", 896), ("32 × 3 × 3 × 3 + 32", 896), ("(3*3*3+1)*32", 896),
    ("32·3·3·3 + 32", 896), ("32 x 3 x 3 x 3 + 32", 896), ("32*3*3*3 + 32 = 896", 896),
    ("32", 32), ("= 32", 32), ("64", 64), ("ceil(128/2)", 64), ("128/2", 64), ("128 // 2", 64),
    ("⌈128/2⌉", 64), ("ceil(128 / 2) = 64", 64), ("floor((128 - 3 + 1)/2) + 1", 64),
]


@pytest.mark.parametrize("expect", [None, "int"])
@pytest.mark.parametrize(("text", "value"), LESSON_INTS)
def test_lesson_numbers(text, value, expect):
    assert as_int(text, expect).value == value


LESSON_SHAPES = [
    "(None, 64, 64, 32)", "[None, 64, 64, 32]", "(None,64,64,32)", "None, 64, 64, 32",
    "(?, 64, 64, 32)", "(batch, 64, 64, 32)", "(N, 64, 64, 32)", "(none, 64, 64, 32)",
    "(-1, 64, 64, 32)", "None x 64 x 64 x 32", "?x64x64x32", "Nonex64x64x32",
    "(None, ceil(128/2), ceil(128/2), 32)", "(None, 128/2, 128 // 2, 32)", "[None 64 64 32]",
    "(None, 64, 64, 32,)", "(None, 64, 64, 32) = (None, 64, 64, 32)",
]


@pytest.mark.parametrize("expect", EXPECTS)
@pytest.mark.parametrize("text", LESSON_SHAPES)
def test_lesson_shape_with_batch(text, expect):
    reading = as_shape(text, expect)
    assert reading.dims == reading.with_batch == (None, 64, 64, 32)
    assert reading.has_batch


WITHOUT_BATCH = ["64x64x32", "64 X 64 X 32", "64 × 64 × 32", "64, 64, 32", "64 64 32",
                 "(64, 64, 32)", "[64, 64, 32]", "64 by 64 by 32", "(64 64 32)", "64x64x(16+16)"]


@pytest.mark.parametrize("expect", [None, "shape"])
@pytest.mark.parametrize("text", WITHOUT_BATCH)
def test_lesson_shape_without_batch(text, expect):
    reading = as_shape(text, expect)
    assert (reading.dims, reading.has_batch) == ((64, 64, 32), False)
    assert reading.with_batch == (None, 64, 64, 32)


# --- Numbers --------------------------------------------------------------------------------

NUMBERS = [
    ("1,024", 1024), ("1_024", 1024), ("1 024", 1024), ("1\u2009024", 1024),
    ("1\u202f024", 1024), ("1\u00a0024", 1024), ("1  024", 1024), ("1,234,567", 1234567),
    ("1 234 567", 1234567), ("12_34_567", 1234567), ("2e3", 2000), ("2E3", 2000),
    ("1e6 params", 10**6), ("2e+3", 2000), ("0", 0), ("007", 7), ("-5", -5), ("−5", -5),
    ("1,024 params", 1024), ("(896)", 896), ("((896))", 896), ("١٠٢٤", 1024),
    ("\ufeff896", 896), ("896params", 896), ("= 1 024", 1024), ("1" + "0" * 18, 10**18),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_plain_numbers(text, value):
    reading = as_int(text)
    assert (reading.value, reading.expression, reading.kind) == (value, None, "int")
    assert reading.shown == str(value)


ARITHMETIC = [
    ("32*3*3*3 + 32", 896, "32 × 3 × 3 × 3 + 32"),
    ("3*3*3*32+32", 896, "3 × 3 × 3 × 32 + 32"),
    ("(3*3*3+1)*32", 896, "(3 × 3 × 3 + 1) × 32"),
    ("((3*3*3+1))*32", 896, "(3 × 3 × 3 + 1) × 32"),
    ("ceil(128/2)", 64, "ceil(128 / 2)"),
    ("ceil(127/2)", 64, "ceil(127 / 2)"),
    ("floor(127/2)", 63, "floor(127 / 2)"),
    ("⌊127/2⌋", 63, "floor(127 / 2)"),
    ("floor((128 - 3 + 1)/2)", 63, "floor((128 − 3 + 1) / 2)"),
    ("(128-3)//2+1", 63, "(128 − 3) // 2 + 1"),
    ("128 − 3", 125, "128 − 3"),
    ("128 – 3", 125, "128 − 3"),
    ("2^10", 1024, "2^10"),
    ("2**10", 1024, "2^10"),
    ("2¹⁰", 1024, "2^10"),
    ("2^3^2", 512, "2^3^2"),
    ("(2^3)^2", 64, "(2^3)^2"),
    ("-2^2", -4, "−2^2"),
    ("(-2)^2", 4, "(−2)^2"),
    ("2^-1 * 4", 2, "2^−1 × 4"),
    ("128 ÷ 2", 64, "128 / 2"),
    ("6 / 4 * 2", 3, "6 / 4 × 2"),
    ("100 - (50 - 25)", 75, "100 − (50 − 25)"),
    ("100 - 50 - 25", 25, "100 − 50 − 25"),
    ("2 * -3", -6, "2 × −3"),
    ("--3", 3, None),
    ("max(64, 128)", 128, "max(64, 128)"),
    ("max(64,128)", 128, "max(64, 128)"),
    ("min(1, 2, 3)", 1, "min(1, 2, 3)"),
    ("abs(3 - 5)", 2, "abs(3 − 5)"),
    ("CEIL(128/2)", 64, "ceil(128 / 2)"),
    ("ceil[128/2]", 64, "ceil(128 / 2)"),
    ("[3 + 1] * 2", 8, "(3 + 1) × 2"),
    ("ceil(1 024 / 2)", 512, "ceil(1024 / 2)"),
    ("1,024 * 2", 2048, "1024 × 2"),
    ("896 = 32*3*3*3 + 32", 896, "32 × 3 × 3 × 3 + 32"),
    ("32*3*3*3 + 32 = 896 params", 896, "32 × 3 × 3 × 3 + 32"),
]


@pytest.mark.parametrize(("text", "value", "expression"), ARITHMETIC)
def test_arithmetic(text, value, expression):
    reading = as_int(text)
    assert (reading.value, reading.expression) == (value, expression)
    shown = str(value) if expression is None else f"{expression} = {value}"
    assert reading.shown == shown


def test_normalized_expression_matches_the_calculators_notation():
    # The calculator's derivation prints "32 × 3 × 3 × 3 + 32" and "ceil(128 / 2)".
    assert as_int("32*3*3*3+32").expression == "32 × 3 × 3 × 3 + 32"
    assert as_int("ceil(128/2)").expression == "ceil(128 / 2)"


# --- Shapes ---------------------------------------------------------------------------------

SHAPES = [
    ("(None, 100, 100, 16)", (None, 100, 100, 16)),
    ("(None,100,100,16)", (None, 100, 100, 16)),
    ("(None, 10)", (None, 10)),
    ("(10,)", (10,)),
    ("10,", (10,)),
    ("[10]", (10,)),
    ("(None,)", (None,)),
    ("(None)", (None,)),
    ("None", (None,)),
    ("(None, None, 32)", (None, None, 32)),
    ("(B, 32)", (None, 32)),
    ("(batch_size, 32)", (None, 32)),
    ("(NULL, 32)", (None, 32)),
    ("(64, None)", (64, None)),
    ("(None, 1,024)", (None, 1024)),
    ("(None, 1 024)", (None, 1024)),
    ("(None,1,024)", (None, 1024)),
    ("64, 1,024", (64, 1024)),
    ("(128,128,128)", (128, 128, 128)),
    ("None,128,128,128", (None, 128, 128, 128)),
    ("None 128 128 128", (None, 128, 128, 128)),
    ("(None,128,128,128)", (None, 128, 128, 128)),
    ("1,024, 2,048", (1024, 2048)),
    ("(None, 1,234,567)", (None, 1234567)),
    ("[128,128,128]", (128, 128, 128)),
    ("(None, 4x4x32)", (None, 512)),
    ("(None, 4*4*32)", (None, 512)),
    ("(ceil(128/2), 64, 32)", (64, 64, 32)),
    ("(None, max(1,2), 3)", (None, 2, 3)),
    ("64xNone", (64, None)),
    ("3 × 3", (3, 3)),
    ("(3x3)", (3, 3)),
    ("64\t64", (64, 64)),
    ("（None， 64）", (None, 64)),
    ("(-1, 64)", (None, 64)),
    ("(64, -1)", (64, -1)),
    ("(-1,)", (-1,)),
    ("(0, 64)", (0, 64)),
]


@pytest.mark.parametrize(("text", "dims"), SHAPES)
def test_shapes(text, dims):
    reading = as_shape(text)
    assert reading.dims == dims
    assert reading.has_batch == (dims[0] is None)
    assert reading.kind == "shape"


def test_shape_keeps_the_working_per_axis():
    reading = as_shape("(None, ceil(128/2), 64, 16+16)")
    assert reading.dims == (None, 64, 64, 32)
    assert reading.expressions == (None, "ceil(128 / 2)", None, "16 + 16")
    assert reading.shown == "(None, ceil(128 / 2), 64, 16 + 16) = (None, 64, 64, 32)"


@pytest.mark.parametrize(("dims", "shown"), [
    ((None, 64, 64, 32), "(None, 64, 64, 32)"), ((10,), "(10,)"), ((None,), "(None,)"),
])
def test_shape_shown_as_keras_prints_it(dims, shown):
    assert ShapeAnswer(dims, dims[0] is None).shown == shown


def test_shape_answer_fills_and_checks_expressions():
    assert ShapeAnswer((1, 2), False).expressions == (None, None)
    with pytest.raises(ValueError):
        ShapeAnswer((1, 2), False, ("3",))


# --- expect breaks ties, and only ties ------------------------------------------------------

EXPECTED = [
    # text, expect, reading (an int, or a dims tuple)
    ("3 × 3 × 3 × 32 + 32", None, 896),
    ("3 × 3 × 3 × 32 + 32", "int", 896),
    ("3 × 3 × 3 × 32 + 32", "shape", (3, 3, 3, 64)),
    ("3x3x3", None, (3, 3, 3)),
    ("3x3x3", "int", 27),
    ("3x3x3", "shape", (3, 3, 3)),
    ("64x64x32", "int", 131072),
    ("64x64x16+16", None, 65552),
    ("64x64x16+16", "shape", (64, 64, 32)),
    ("64x64x(16+16)", None, (64, 64, 32)),
    ("3 × 3", "int", 9),
    ("1,024", "int", 1024),
    ("1,024", "shape", (1024,)),
    ("1 024", "shape", (1024,)),
    ("128,128,128", None, 128128128),
    ("128,128,128", "int", 128128128),
    ("128,128,128", "shape", (128, 128, 128)),
    ("128 128 128", None, 128128128),
    ("128 128 128", "shape", (128, 128, 128)),
    ("256 256 3", None, (256, 256, 3)),
    ("(1,024)", None, 1024),
    ("(128,128)", "int", 128128),
    ("max(128,256)", None, 256),
    ("max(128,256)", "int", 256),
    ("max(1,024)", "int", 1024),
    ("max(1,024, 2,048)", None, 2048),
    ("(1,234) * 2", None, 2468),
    ("None,128,128,128", "int", (None, 128128128)),
    ("896", "shape", (896,)),
    ("(896)", "shape", (896,)),
    ("32*3*3*3 + 32", "shape", (896,)),
    ("896 params", "shape", 896),
    ("(None, 64)", "int", (None, 64)),
    ("64, 64, 32", "int", (64, 64, 32)),
    ("64 64 32", "int", (64, 64, 32)),
    ("None", "int", (None,)),
]


@pytest.mark.parametrize(("text", "expect", "expected"), EXPECTED)
def test_expect_breaks_ties(text, expect, expected):
    reading = read_answer(text, expect)
    assert reading.readable, reading
    assert reading.answer == expected


def test_expect_must_be_known():
    with pytest.raises(ValueError):
        read_answer("896", "float")


# --- What cannot be read --------------------------------------------------------------------

UNREADABLE = [
    ("", Problem.EMPTY, None),
    ("   ", Problem.EMPTY, None),
    ("\u200b", Problem.EMPTY, None),
    ("params", Problem.EMPTY, None),
    ("()", Problem.EMPTY, "nothing between the brackets"),
    ("abc", Problem.UNEXPECTED, "unexpected 'abc'"),
    ("ten", Problem.UNEXPECTED, "unexpected 'ten'"),
    ("896 apples", Problem.UNEXPECTED, "unexpected 'apples'"),
    ("64 by", Problem.UNEXPECTED, None),
    ("32*", Problem.UNEXPECTED, None),
    ("*32", Problem.UNEXPECTED, "unexpected '*'"),
    ("2(3)", Problem.UNEXPECTED, "unexpected '('"),
    ("1__024", Problem.UNEXPECTED, "unexpected '_'"),
    ("1_", Problem.UNEXPECTED, "unexpected '_'"),
    ("2e-3", Problem.UNEXPECTED, "unexpected 'e'"),
    ("None + 1", Problem.UNEXPECTED, "unexpected '+'"),
    ("(None, 64) params", Problem.UNEXPECTED, "unexpected 'params' after a shape"),
    ("64, 64 x 32 y", Problem.UNEXPECTED, "unexpected 'y'"),
    ("64x64, 32 32", Problem.UNEXPECTED, "unexpected '32'"),
    ("(1, 2) * 3", Problem.UNEXPECTED, "unexpected ','"),
    ("ceil(1, 2)", Problem.UNEXPECTED, "ceil takes one number"),
    ("896 =", Problem.UNEXPECTED, "unexpected '='"),
    ("=", Problem.UNEXPECTED, "unexpected '='"),
    ("64 # 2", Problem.UNEXPECTED, "unexpected '#'"),
    ("1.024", Problem.DECIMAL, None),
    ("64.000", Problem.DECIMAL, None),
    (".5", Problem.DECIMAL, None),
    ("1.2.3", Problem.DECIMAL, None),
    ("42.5", Problem.NOT_WHOLE, "42.5 is not a whole number"),
    ("2.5e-1", Problem.UNEXPECTED, None),
    ("((1)", Problem.UNBALANCED, "a '(' is never closed"),
    ("(1))", Problem.UNBALANCED, "unmatched ')'"),
    ("(1]", Problem.UNBALANCED, "unmatched ']'"),
    ("round(3)", Problem.UNKNOWN_FUNCTION, None),
    ("sqrt(16)", Problem.UNKNOWN_FUNCTION, None),
    ("1/0", Problem.DIVISION_BY_ZERO, "it divides by zero"),
    ("1/(3-3)", Problem.DIVISION_BY_ZERO, "it divides by 3 − 3, which is 0"),
    ("5 // 0", Problem.DIVISION_BY_ZERO, None),
    ("0^-1", Problem.DIVISION_BY_ZERO, None),
    ("128/3", Problem.NOT_WHOLE, "128 / 3 came to about 42.67, not a whole number"),
    ("125/2", Problem.NOT_WHOLE, "125 / 2 came to 62.5, not a whole number"),
    ("(None, 128/3)", Problem.NOT_WHOLE, None),
    ("4^(1/2)", Problem.NOT_WHOLE, "a power must be a whole number"),
    ("2^65", Problem.TOO_LARGE, None),
    ("2^10^10", Problem.TOO_LARGE, None),
    ("2^2^2^2^2", Problem.TOO_LARGE, None),
    ("10^18 + 1", Problem.TOO_LARGE, None),
    ("1" * 20, Problem.TOO_LARGE, None),
    ("1e19", Problem.TOO_LARGE, None),
    ("1e999999999", Problem.TOO_LARGE, None),
    ("1/10^18/10", Problem.TOO_LARGE, None),
    ("32*3*3*3 + 32 = 900", Problem.SIDES_DIFFER, None),
    ("64 = 64x64", Problem.SIDES_DIFFER, None),
    ("1 + " * 60 + "1", Problem.TOO_LONG, "that is too long for an answer"),
    ("1+" * 70 + "1", Problem.TOO_LONG, "that has too many parts for an answer"),
    ("9" * (MAX_LENGTH + 1), Problem.TOO_LONG, None),
    ("(" * 17 + "1" + ")" * 17, Problem.TOO_DEEP, None),
]


@pytest.mark.parametrize("expect", EXPECTS)
@pytest.mark.parametrize(("text", "problem", "detail"), UNREADABLE)
def test_unreadable(text, problem, detail, expect):
    reading = refused(text, expect)
    assert reading.problem == problem
    if detail is not None:
        assert reading.detail == detail
    assert (reading.kind, reading.readable, reading.answer) == ("unreadable", False, None)
    assert reading.shown == reading.message
    assert len(reading.message) <= 200


@pytest.mark.parametrize("expect", EXPECTS)
def test_unreadable_message_lists_the_accepted_forms(expect):
    assert refused("abc", expect).message == f"Unexpected 'abc'. {FORMS[expect]}"
    assert refused("", expect).message == FORMS[expect]


def test_arithmetic_problems_say_what_it_came_to_without_the_forms():
    assert refused("128/3").message == "128 / 3 came to about 42.67, not a whole number."
    assert refused("1/0").message == "It divides by zero."


def test_sides_that_differ_show_both():
    assert refused("32*3*3*3 + 32 = 900").message == (
        "The two sides of '=' differ: 32 × 3 × 3 × 3 + 32 = 896 but 900.")


def test_the_limits_are_inclusive():
    assert as_int("10^18").value == 10**18
    assert as_int("2^59 / 2^55").value == 16
    assert refused("2^64 / 2^60").problem == Problem.TOO_LARGE  # 2^64 itself is over 10^18
    assert as_int("(-1)^64").value == 1
    assert as_int("(" * 16 + "1" + ")" * 16).value == 1
    assert as_int("1" + " " * (MAX_LENGTH - 4) + "+ 1").value == 2
    assert as_int(" " * 3 * MAX_LENGTH + "896").value == 896


# --- Limits: hostile input is refused quickly -----------------------------------------------

HOSTILE = [
    "9" * 100_000,
    "1,024 " * 20_000,
    "(" * 10_000 + "1" + ")" * 10_000,
    "(" * 10_000,
    "2^" * 50 + "2",
    "-" * 150 + "1",
    "2^10^10",
    "9^9^9^9",
    "(10^18)^64",
    "1" + "*1" * 99,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: text[:20])
@pytest.mark.parametrize("expect", EXPECTS)
def test_hostile_input_returns_quickly(text, expect):
    # A bound far above the microseconds it takes, so only a blow-up (2^10^10 computed,
    # 10,000 levels of recursion) fails it, never a busy machine.
    start = time.perf_counter()
    reading = read_answer(text, expect)
    assert time.perf_counter() - start < 1
    assert reading.kind in ("int", "unreadable")


def test_a_huge_paste_costs_almost_nothing_beyond_its_length():
    paste = "x" * 100_000
    start = time.perf_counter()
    for _ in range(1000):
        read_answer(paste)
    assert time.perf_counter() - start < 2  # refused on its length, not read 1,000 times


# --- Properties -----------------------------------------------------------------------------


@settings(max_examples=500)
@given(st.text(max_size=60), st.sampled_from(EXPECTS))
def test_any_text_gives_a_reading(text, expect):
    assert read_answer(text, expect).kind in ("int", "shape", "unreadable")


ALPHABET = "0123456789 ,_()[]+-*/^x×.=?Nonebatchceil"


@settings(max_examples=500)
@given(st.text(alphabet=ALPHABET, max_size=40), st.sampled_from(EXPECTS))
def test_answer_like_text_gives_a_reading(text, expect):
    reading = read_answer(text, expect)
    assert reading.kind in ("int", "shape", "unreadable")
    assert isinstance(reading.shown, str)


@given(st.integers(min_value=0, max_value=10**18), st.sampled_from([None, "int"]))
def test_numbers_read_back_however_they_are_grouped(n, expect):
    for text in (str(n), f"{n:,}", f"{n:_}", f"{n:,}".replace(",", " "),
                 f"{n:,}".replace(",", "\u2009"), f"{n} params", f"= {n:,}"):
        assert as_int(text, expect).value == n, text


@st.composite
def sums_and_products(draw, depth=0):
    """Text of +, * and brackets over whole numbers, and its value as Python would compute it.

    The value is a list of terms (products) to add up, so joining two texts with '*' multiplies
    the last term of one by the first of the other, as precedence does in the joined text.
    Numbers start at 1, so every partial result is at most the final one (no 10^20 * 0).
    """
    if depth >= 3 or draw(st.booleans()):
        n = draw(st.integers(min_value=1, max_value=999))
        return str(n), [n]
    parts = draw(st.lists(sums_and_products(depth + 1), min_size=2, max_size=3))
    operator = draw(st.sampled_from(["+", " + ", "*", " * "]))
    text, terms = parts[0]
    for part_text, part_terms in parts[1:]:
        text += operator + part_text
        if "+" in operator:
            terms = terms + part_terms
        else:
            terms = [*terms[:-1], terms[-1] * part_terms[0], *part_terms[1:]]
    if draw(st.booleans()):
        return f"({text})", [sum(terms)]
    return text, terms


@given(sums_and_products(), st.sampled_from([None, "int"]))
def test_sums_and_products_evaluate_as_python_does(case, expect):
    text, terms = case
    reading = read_answer(text, expect)
    if sum(terms) > 10**18:
        assert reading.problem == Problem.TOO_LARGE
    else:
        assert reading.value == sum(terms), text


@given(sums_and_products())
def test_normalized_expressions_read_back_to_the_same_value(case):
    text, _ = case
    reading = read_answer(text, "int")
    if reading.readable and reading.expression:
        again = as_int(reading.expression, "int")
        assert (again.value, again.expression) == (reading.value, reading.expression)


@given(st.lists(st.integers(min_value=1, max_value=4096), min_size=1, max_size=5),
       st.booleans())
def test_shapes_read_back(dims, batch):
    shape = (None, *dims) if batch else tuple(dims)
    text = "(" + ", ".join("None" if d is None else str(d) for d in shape) + ",)"
    reading = as_shape(text)
    assert (reading.dims, reading.has_batch) == (shape, batch)
    assert as_shape(reading.shown).dims == shape


# --- Decimals equal to whole numbers, and units ---------------------------------------------

@pytest.mark.parametrize("expect", [None, "int"])
@pytest.mark.parametrize(("text", "value"), [
    ("64.0", 64), ("64.", 64), ("64.00", 64), ("896.0 params", 896), ("128/2.0", 64),
    ("ceil(127/2.0)", 64), ("0.5*128", 64), ("1.5e3", 1500), ("0.500 * 2", 1),
])
def test_a_decimal_equal_to_a_whole_number_is_that_number(text, value, expect):
    reading = read_answer(text, expect)
    assert isinstance(reading, IntAnswer), reading
    assert reading.value == value


def test_a_shape_may_have_decimal_axes_equal_to_whole_numbers():
    assert read_answer("(None, 64.0, 64.0, 32)", "shape").dims == (None, 64, 64, 32)


@pytest.mark.parametrize("text", ["1.024", "64.000", "999.999"])
def test_a_point_between_thousands_is_asked_about_not_guessed(text):
    reading = refused(text, "int")
    whole, decimals = text.split(".")
    assert f"{whole}{decimals}" in reading.message


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("32 filters", 32, "channels"), ("32 channels", 32, "channels"), ("10 units", 10, "channels"),
    ("64 px", 64, "positions"), ("64 pixels", 64, "positions"), ("100 steps", 100, "positions"),
    ("896 parameters", 896, "parameters"), ("896 params", 896, "parameters"),
    ("32*3*3*3 + 32 weights", 896, "parameters"), ("64 PX", 64, "positions"), ("896", 896, None),
])
def test_a_number_keeps_the_family_of_its_unit(text, value, unit):
    reading = read_answer(text, "int")
    assert isinstance(reading, IntAnswer), reading
    assert (reading.value, reading.unit) == (value, unit)


def test_a_unit_after_a_shape_is_still_refused():
    assert refused("(None, 64, 64) px", "shape").problem == Problem.UNEXPECTED
