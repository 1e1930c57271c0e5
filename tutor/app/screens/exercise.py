"""The exercise: prompt, model code, the question and its answer field, and everything the
learner can reveal (feedback, the derivation step by step, hints).

The answer field has focus, so letters type into it: every action here has a function key or
a Ctrl key that works while typing, and a letter that works once esc has left the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from tutor.app.session import Session
from tutor.app.widgets.answer import AnswerField, answer_placeholder
from tutor.app.widgets.code import CodeView
from tutor.app.widgets.derivation import DerivationView
from tutor.app.widgets.explain import ExplainView
from tutor.app.widgets.feedback import FeedbackPanel
from tutor.app.widgets.footer import KeyFooter
from tutor.app.widgets.hints import HintsView
from tutor.app.widgets.inline import inline_markdown
from tutor.app.widgets.work import WorkView
from tutor.calc.derivation import fmt
from tutor.calc.frameworks import framework
from tutor.checking.steps import HELP_LEVELS

if TYPE_CHECKING:
    from tutor.calc.quantities import Quantity
    from tutor.practice import Practice, Round

HELP_TEXT = """\
## While you type an answer

Letters go into the answer field, so this screen's actions use keys that work while typing:
function keys and Ctrl. **esc** leaves the field: then the letters (h, s, a, n, p, v) work
too, ↑ ↓ scroll, and **i** or **⏎** goes back to typing. **esc** again goes back to the list.
Over SSH, if a function key does not arrive, leave the field and use the letter.

After a right answer, **⏎** on the empty field goes on to the next question, and after the
last question to the next exercise. A wrong answer can be changed and checked again; the
derivation (**F3**, step by step) marks the step where the mistake most likely happened.

## Work it out

**F6** (or **w**) works the question out step by step: its derivation's steps appear as
blanks, and the field takes the value of the step marked ▸. Each value is checked at once (✓
right, ≈ right given your own earlier value, ✗ wrong, with what went wrong); ↑ ↓ choose another
step, **F7** (or **e**) gives help on it in levels (what it is, its formula, the numbers, the
value). The last step right answers the question. **F6** again goes back to a plain answer.
"""


@dataclass(frozen=True)
class RoundOver:
    """What the screen is dismissed with after the last exercise of its round."""

    round: Round


ANSWER_ACTIONS = frozenset({"hint", "next_step", "all_steps", "next_question",
                            "previous_question", "work", "step_help"})


class ExerciseScreen(Screen["RoundOver | None"]):
    HELP_TITLE = "the exercise screen"
    HELP_TEXT = HELP_TEXT
    HELP_WIDGETS = (AnswerField,)
    CSS_PATH = "exercise.tcss"
    # Below 22 rows the answer field loses its border, so more of the exercise shows.
    # Screen declares it an instance variable, so no ClassVar here.
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (22, "-tall")]  # noqa: RUF012
    AUTO_FOCUS = "#answer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,h", "hint", "Hint", id="exercise.hint",
                tooltip="Show the next hint for this question"),
        Binding("f3,s", "next_step", "Step", id="exercise.next_step",
                tooltip="Show the next step of the derivation"),
        Binding("f4,a", "all_steps", "All steps", id="exercise.all_steps",
                tooltip="Show the whole derivation"),
        Binding("f6,w", "work", "Work it out", id="exercise.work",
                tooltip="Work the question out step by step (again: a plain answer)"),
        Binding("f7,e", "step_help", "Step help", id="exercise.step_help",
                tooltip="Help on the step in focus, one level more each time"),
        Binding("ctrl+n,n", "next_exercise", "Next exercise", id="exercise.next",
                tooltip="Next exercise (the summary after the last)"),
        Binding("ctrl+p,p", "previous_exercise", "Previous", id="exercise.previous",
                tooltip="Previous exercise",
                show=False),
        Binding("f5,v", "new_variant", "New variant", id="exercise.new_variant",
                tooltip="The same exercise with new numbers"),
        Binding("down", "next_question", "Next question", id="exercise.next_question",
                tooltip="Next question (in the answer field)",
                show=False),
        Binding("up", "previous_question", "Previous question",
                id="exercise.previous_question",
                tooltip="Previous question (in the answer field)", show=False),
        Binding("pagedown", "scroll_body('down')", "Scroll down", show=False),
        Binding("pageup", "scroll_body('up')", "Scroll up", show=False),
        Binding("i,enter", "focus_answer", "Type answer", id="exercise.focus_answer",
                tooltip="Back to the answer field",
                show=False),
        Binding("escape", "leave", "Back", id="exercise.back",
                tooltip="Leave the answer field; again: back to the list"),
    ]

    practice: var[Practice] = var(cast("Practice", None), always_update=True)
    """Everything the screen shows; set in __init__, replaced by each action, drawn by
    `watch_practice`."""

    def __init__(self, session: Session, practice: Practice) -> None:
        super().__init__()
        self.session = session
        self.set_reactive(ExerciseScreen.practice, practice)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Markdown(id="prompt")
            yield CodeView(id="code")
            yield CodeView(id="compare-code")
            yield Vertical(id="worked")
            yield Static(id="progress")
            yield FeedbackPanel(id="feedback")
            yield DerivationView(id="derivation")
            yield DerivationView(id="compare")
            yield ExplainView(id="explain")
            yield HintsView(id="hints")
        with Vertical(id="ask"):
            yield Static(id="question")
            yield WorkView(id="work")
            yield AnswerField(id="answer")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.draw_exercise()
        self.draw_question()
        self.session.note(None, self.practice)

    def watch_practice(self, old: Practice, new: Practice) -> None:
        """Draw the new state: the whole exercise if it changed, the question always."""
        if not self.is_mounted:
            return
        if (old.index, old.variant) != (new.index, new.variant):
            self.draw_exercise()
        elif old.current != new.current:
            self.set_answer("")
        self.draw_question()
        self.session.note(old, new)

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#body", VerticalScroll)

    @property
    def answer(self) -> AnswerField:
        return self.query_one("#answer", AnswerField)

    @property
    def derivation(self) -> DerivationView:
        return self.query_one("#derivation", DerivationView)

    @property
    def worked(self) -> bool:
        return self.practice.worked

    # -- drawing -------------------------------------------------------------------------

    def draw_exercise(self) -> None:
        """The parts that change with the exercise or its variant: prompt, code, worked
        answers; the answer field starts empty."""
        practice = self.practice
        variant = practice.variant
        count = len(practice.pack.exercises)
        self.sub_title = f"{practice.pack.title} · {practice.index + 1}/{count}"
        kind = "Worked example" if self.worked else "Exercise"
        self.query_one("#prompt", Markdown).update(
            f"## {kind} {practice.index + 1} of {count}: {variant.title}\n\n{variant.prompt}")
        self.query_one("#code", CodeView).show(variant.code, variant.code_label)
        compare = variant.compare
        self.query_one("#compare-code", CodeView).show(
            compare.code if compare else None,
            f"for comparison: {compare.code_label}" if compare else "")
        self.set_class(self.worked, "-worked")
        self.draw_worked()
        self.body.scroll_home(animate=False)
        self.set_answer("")
        self.refresh_bindings()
        if self.worked:
            self.body.focus()
        else:
            self.answer.focus()

    def draw_worked(self) -> None:
        """A worked example shows every answer with its whole derivation at once."""
        worked = self.query_one("#worked", Vertical)
        worked.remove_children()
        if not self.worked:
            return
        for number, (question, answer) in enumerate(
                zip(self.practice.variant.questions, self.practice.variant.answers,
                    strict=True), start=1):
            worked.mount(Static(Content.assemble(
                (f"{number}. ", "bold"), inline_markdown(" ".join(question.text.split()))
                .stylize("bold"), "\n   Answer: ",
                (fmt(answer.value), "bold $text-success")), classes="worked-question"))
            view = DerivationView(classes="worked-derivation")
            worked.mount(view)
            view.show(answer.steps, revealed=len(answer.steps))
            other = self.compared(number - 1)
            if other is not None:
                beside = DerivationView(classes="worked-derivation")
                worked.mount(beside)
                beside.show(other[1].steps, revealed=len(other[1].steps), title=other[0])

    def draw_question(self) -> None:
        """The current question and everything revealed of it."""
        practice = self.practice
        state = practice.state
        self.query_one("#progress", Static).update(self.progress_line())
        self.query_one("#question", Static).update(self.question_text())
        feedback = self.query_one("#feedback", FeedbackPanel)
        if state.verdict is not None and not self.worked:
            feedback.show(state.verdict)
        else:
            feedback.clear()
        self.draw_derivation()
        self.query_one("#hints", HintsView).show(practice.question.hints, state.hints_shown)
        self.query_one("#work", WorkView).show(practice)
        self.set_class(practice.working, "-working")
        self.answer.placeholder = self.placeholder()
        self.refresh_bindings()

    def draw_derivation(self) -> None:
        """The derivation of the current question: shown after a wrong answer (with the
        step the mistake points to marked) or once the learner asks for a step; then the
        author's explanation and the other framework's derivation once it is whole."""
        practice = self.practice
        verdict = practice.state.verdict
        mark = why = None
        if verdict is not None and verdict.verdict == "incorrect" and verdict.mistake:
            mark = verdict.step_key
            why = f"likely slip: {verdict.mistake.mistakes[0].title}"
        steps = () if self.worked else practice.expected.steps
        self.derivation.show(steps, revealed=practice.state.steps_shown, mark=mark, why=why)
        self.derivation.display = not self.worked and practice.derivation_shown
        done = not self.worked and practice.derivation_complete
        explain = self.query_one("#explain", ExplainView)
        text = practice.question.explain
        explain.display = bool(text) and done
        if explain.display:
            explain.update(text or "")
        beside = self.query_one("#compare", DerivationView)
        other = self.compared(practice.current) if done else None
        if other is None:
            beside.clear()
        else:
            beside.show(other[1].steps, revealed=len(other[1].steps), title=other[0])

    def set_answer(self, text: str) -> None:
        """What the answer field holds (the learner's typing is the field's own)."""
        if self.answer.value != text:
            self.answer.value = text
            self.answer.cursor_position = len(text)

    def compared(self, index: int) -> tuple[str, Quantity] | None:
        """The `compare:` model's answer to question `index`, titled by its framework."""
        compare = self.practice.variant.compare
        answer = compare.answers[index] if compare is not None else None
        if compare is None or answer is None:
            return None
        name = framework(compare.spec.framework).name
        return f"In {name}: {fmt(answer.value)}", answer

    def progress_line(self) -> Content:
        practice = self.practice
        if self.worked or len(practice.variant.questions) < 2:
            return Content("")
        parts: list[Content | str | tuple[str, str]] = ["Questions "]
        for index, state in enumerate(practice.states):
            if index not in practice.order:
                continue
            here = index == practice.current
            mark = "✓" if state.solved else ("✗" if state.tries else "·")
            style = ("$text-success" if state.solved else "$text-error" if state.tries
                     else "dim")
            parts.append((f" {'▸' if here else ' '}{mark}{index + 1}",
                          f"{style} bold" if here else style))
        return Content.assemble(*parts)

    def question_text(self) -> Content:
        practice = self.practice
        if self.worked:
            return Content.from_markup(
                "[b]Worked example[/b] · read it through, then [b]⏎[/b] or [b]^n[/b] "
                "for the next exercise")
        question = practice.question
        position = practice.position + 1
        head = f"Question {position} of {len(practice.order)}: "
        text = Content.assemble((head, "bold $text-primary"),
                                inline_markdown(" ".join(question.text.split())))
        if practice.choices:
            from tutor.checking.choices import letter_of

            options = "   ".join(f"{letter_of(i)}) {fmt(choice)}"
                                 for i, choice in enumerate(practice.choices))
            text = text + Content.assemble("\n", (options, "bold"))
        return text

    def placeholder(self) -> str:
        state = self.practice.state
        if state.solved:
            last = self.practice.next_open is None
            return f"Solved. ⏎ for the next {'exercise' if last else 'open question'}"
        if self.practice.working:
            step = self.practice.focused_step
            return f"The {step.label if step else 'step'}, then ⏎ (F7 help, F6 plain answer)"
        if self.practice.choices:
            return "Type a letter (a, b, ...) or the answer, then ⏎"
        return answer_placeholder(self.practice.expected.value,
                                  self.practice.variant.spec.framework)

    # -- answering -----------------------------------------------------------------------

    @on(AnswerField.Submitted, "#answer")
    def submitted(self, event: AnswerField.Submitted) -> None:
        event.stop()
        # Keys typed after ⏎ (in the same burst) are the start of the next answer: keep them.
        typed_since = self.answer.value != event.value
        if not event.value.strip() and self.practice.state.solved:
            self.go_on(keep=self.answer.value if typed_since else "")
            return
        if self.practice.working:
            self.work_step(event.value, typed_since)
            return
        self.practice, checked = self.practice.check(event.value)
        self.session.record(checked)
        # A wrong answer stays in the field, to be corrected; a right one is cleared.
        self.set_answer(self.answer.value if typed_since or not checked.verdict.correct else "")
        self.query_one("#feedback", FeedbackPanel).follow(top=True)

    def work_step(self, text: str, typed_since: bool) -> None:
        """Check the value of the step in focus: an accepted one clears the field for the
        next step; the last step right is an answer, saved as one."""
        self.practice, checked = self.practice.work_step(text)
        if checked is not None:
            self.session.record(checked)
        verdict = self.practice.state.work.verdicts.get(self.practice.state.work.last or "")
        accepted = verdict is not None and verdict.accepted
        self.set_answer(self.answer.value if typed_since or not accepted else "")

    def go_on(self, keep: str = "") -> None:
        """The next question of this exercise not solved yet, else the next exercise."""
        following = self.practice.next_open
        if following is None:
            self.action_next_exercise()
            return
        self.practice = self.practice.to_question(following)
        self.set_answer(keep)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what does not apply: nothing to answer in a worked example, no new variant
        of a fixed exercise, no "type answer" while typing."""
        if self.worked and action in ANSWER_ACTIONS:
            return False
        if action == "new_variant":
            return self.practice.exercise.varied
        if action == "focus_answer":
            return self.worked or not self.answer.has_focus
        if action == "work":
            return bool(self.practice.steps)
        if action == "step_help":
            return self.practice.working
        return True

    def action_hint(self) -> None:
        practice = self.practice
        if not practice.question.hints:
            self.notify("This question has no hints: try the derivation (F3, step by step).",
                        title="No hints")
            return
        if practice.state.hints_shown >= len(practice.question.hints):
            self.notify("All the hints are shown.")
            return
        self.practice = practice.reveal_hint()
        self.query_one("#hints", HintsView).follow()

    def action_next_step(self) -> None:
        self.reveal(self.practice.reveal_step())

    def action_all_steps(self) -> None:
        self.reveal(self.practice.reveal_all())

    def reveal(self, revealed: Practice) -> None:
        if self.practice.derivation_complete or not self.practice.expected.steps:
            self.notify("The whole derivation is shown.")
            return
        self.practice = revealed
        explain = self.query_one("#explain", ExplainView)
        (explain if explain.display else self.derivation).follow()

    def action_next_exercise(self) -> None:
        left = self.practice.unanswered
        if left:
            numbers = ", ".join(str(self.practice.order.index(i) + 1) for i in left)
            some = "Question" if len(left) == 1 else "Questions"
            self.notify(f"{some} {numbers} of that exercise not answered yet: the summary "
                        "lists them, and ⏎ there answers them.", title="Left unanswered")
        self.go_to(1)

    def action_previous_exercise(self) -> None:
        self.go_to(-1)

    def go_to(self, step: int) -> None:
        index = self.practice.neighbour(step)
        if index is not None:
            self.practice = self.session.open(self.practice, index)
        elif step < 0:
            self.notify("This is the first exercise.")
        else:
            self.dismiss(RoundOver(self.practice.round))

    def action_new_variant(self) -> None:
        self.practice = self.practice.new_variant()
        self.notify("A new variant: the numbers have changed.")

    def action_work(self) -> None:
        self.practice = self.practice.toggle_work()
        self.answer.focus()

    def action_step_help(self) -> None:
        step = self.practice.focused_step
        if step is not None and self.practice.state.work.help_level(step.key) >= len(HELP_LEVELS):
            self.notify("That is all the help on this step: its value is shown.")
            return
        self.practice = self.practice.step_help()

    def action_next_question(self) -> None:
        """The next question, or the next step while working it out."""
        practice = self.practice
        self.practice = practice.focus_step(1) if practice.working else practice.move(1)

    def action_previous_question(self) -> None:
        practice = self.practice
        self.practice = practice.focus_step(-1) if practice.working else practice.move(-1)

    def action_scroll_body(self, direction: str) -> None:
        if direction == "down":
            self.body.scroll_page_down()
        else:
            self.body.scroll_page_up()

    def action_focus_answer(self) -> None:
        if self.worked:
            self.action_next_exercise()
        else:
            self.answer.focus()

    def action_leave(self) -> None:
        """esc leaves the answer field first, then the screen."""
        if self.answer.has_focus:
            self.body.focus()
        else:
            self.dismiss()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()
