"""The table of subcommands: each lives in its own module and is imported only when run."""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any


def lazy(module: str, function: str = "run") -> Any:
    """Import a command's module only when that command runs, so `tutor check` stays quick."""

    def run(args: argparse.Namespace) -> int:
        return getattr(import_module(module), function)(args)

    return run


def add_all(sub: Any) -> None:
    add_practice(sub)
    add_list(sub)
    add_summary(sub)
    add_check(sub)
    add_show(sub)
    add_pack(sub)
    add_drill(sub)
    add_validate(sub)
    add_schema(sub)
    add_progress(sub)
    add_review(sub)
    add_mistakes(sub)
    add_results(sub)
    add_serve(sub)


def add_pack(sub: Any) -> None:
    pack = sub.add_parser(
        "pack", help="make a pack of exercises from a model, as YAML to edit",
        description="Print a pack made from a model (a Keras or PyTorch snippet, or a model "
                    "spec): each layer's output shape and parameters, then the totals. "
                    "`tutor show`, `tutor check` and `tutor practice` take the model file "
                    "itself too.")
    pack.add_argument("model", metavar="MODEL", help="a .py snippet or a .yaml/.json spec")
    pack.add_argument("--every-layer", action="store_true",
                      help="ask about every layer, also those that keep the shape and have "
                           "no weights (activations, dropout)")
    pack.set_defaults(handler=lazy("tutor.cli.pack"))


def add_drill(sub: Any) -> None:
    drill = sub.add_parser(
        "drill", help="practise on random valid layers, with fresh numbers every attempt",
        description="Open the app on a drill: random valid layers of a kind, for a framework "
                    "and a level (1: the lesson's Conv2D; 2: strides, padding, rectangular "
                    "kernels, pooling; 3: dilation, groups, transposed, depthwise and "
                    "separable convolutions, recurrent layers). F5 gives a fresh variant.")
    # the choices are checked by the command, so that building the parser imports no drills
    drill.add_argument("--layer", metavar="KIND", default=None,
                       help="which kind of layer: conv2d, dense, depthwise, gru, lstm, pooling "
                            "or transposed (default: every kind of the level)")
    drill.add_argument("--framework", choices=("keras", "pytorch"), default="keras")
    drill.add_argument("--level", type=int, choices=(1, 2, 3), default=1)
    drill.add_argument("--count", type=int, default=12, help="exercises in the drill")
    drill.add_argument("--seed", type=int, default=0,
                       help="which drill: the same seed gives the same exercises")
    drill.add_argument("--print", action="store_true",
                       help="print the drill as pack YAML instead of opening the app")
    add_data_dir(drill)
    drill.set_defaults(handler=lazy("tutor.cli.drill"))


def add_practice(sub: Any) -> None:
    practice = sub.add_parser(
        "practice", help="open the full-screen app (the default command)",
        description="Open the full-screen app on the built-in packs, your own packs, and any "
                    "pack files or folders given.")
    practice.add_argument("paths", nargs="*", metavar="PATH",
                          help="pack files or folders, or a model (a .py snippet or a model "
                               "spec) to practise on")
    practice.add_argument("--watch", action="store_true",
                          help="with one pack FILE: reload it in the app each time it is saved, "
                               "keeping your place (for authors)")
    practice.add_argument("--exercise", metavar="ID",
                          help="with --watch: open at this exercise (an id or 1-based number)")
    practice.add_argument("--seed", type=int, metavar="N",
                          help="with --watch: the variant of a parameterized exercise")
    add_data_dir(practice)
    practice.set_defaults(handler=lazy("tutor.cli.practice"))


def add_list(sub: Any) -> None:
    listing = sub.add_parser(
        "list", help="list the packs, how far you have got, and what comes next",
        description="List every pack: its id, title, questions solved of total, and the next "
                    "exercise with a question not solved yet.")
    listing.add_argument("--json", action="store_true",
                         help="print the list as one JSON object")
    add_data_dir(listing)
    listing.set_defaults(handler=lazy("tutor.cli.packs"))


def add_summary(sub: Any) -> None:
    summary = sub.add_parser(
        "summary", help="print a model.summary()-style table for Keras or PyTorch snippets or "
                        "model specs",
        description="Compute every layer's output shape and parameter count, as Keras does "
                    "(model.summary()) or as PyTorch does (torchinfo); a snippet's framework "
                    "comes from its imports.")
    summary.add_argument("files", nargs="+", metavar="FILE",
                         help="a Keras or PyTorch snippet (.py) or a model spec (.yaml, .yml, "
                              ".json); - reads one from standard input")
    summary.add_argument("--explain", action="store_true",
                         help="add each layer's derivation, step by step (with --json: as data, "
                              "each step's quantity, key, label, formula, substituted, value "
                              "and note)")
    summary.add_argument("--json", action="store_true",
                         help="print one JSON object per file, one per line")
    summary.add_argument("--input-shape", metavar="N,C,H,W", default=None,
                         help="the input's shape, for a model that does not say it: PyTorch's "
                              "full shape with the batch first (2,3,128,128), Keras's without "
                              "the batch (128,128,3)")
    summary.set_defaults(handler=lazy("tutor.cli.summary"))


def add_exercise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", metavar="PACK", help="a built-in pack id, or a pack file")
    parser.add_argument("exercise", metavar="EXERCISE", help="an exercise id or 1-based number")
    parser.add_argument("--seed", type=int, default=None,
                        help="which variant of a parameterized exercise (default: 0)")


def add_check(sub: Any) -> None:
    check = sub.add_parser(
        "check", help="check an answer to an exercise, with feedback on the likely mistake",
        description="Check an answer. Exit status: 0 correct, 1 incorrect, 2 unreadable "
                    "answer or bad arguments.")
    add_exercise_arguments(check)
    check.add_argument("answer", metavar="ANSWER",
                       help="what you would type: 896, 32*3*3*3 + 32, (None, 64, 64, 32)...; "
                            "- reads it from standard input")
    check.add_argument("--question", default="1", metavar="N",
                       help="which question of the exercise: its 1-based number or its id, as "
                            "`tutor show PACK` prints them (default 1)")
    check.add_argument("--step", metavar="KEY", default=None,
                       help="check one derivation step's value (keys as `tutor show ... "
                            "--steps` lists them) instead of the whole answer")
    check.add_argument("--json", action="store_true", help="print the verdict as JSON")
    check.add_argument("--record", action="store_true",
                       help="save the attempt in your progress, as the app does")
    add_data_dir(check)
    check.set_defaults(handler=lazy("tutor.cli.check"))


def add_show(sub: Any) -> None:
    show = sub.add_parser(
        "show", help="list a pack's exercises and questions, or print one exercise",
        description="With a pack only: list its exercises and their questions (ids, "
                    "quantities asked, texts). With an exercise: print it, with its prompt, "
                    "model and questions.")
    show.add_argument("pack", metavar="PACK", help="a pack id (see `tutor list`), or a pack "
                                                   "file")
    show.add_argument("exercise", metavar="EXERCISE", nargs="?", default=None,
                      help="an exercise id or 1-based number (default: list them all)")
    show.add_argument("--seed", type=int, default=None,
                      help="which variant of a parameterized exercise (default: 0)")
    show.add_argument("--steps", action="store_true",
                      help="list one question's derivation steps to work out (key, label, "
                           "formula; the values with --reveal)")
    show.add_argument("--question", default="1", metavar="N",
                      help="with --steps: the question (1-based number or id; default 1)")
    show.add_argument("--reveal", action="store_true",
                      help="add the answers and their derivations, step by step")
    show.add_argument("--json", action="store_true",
                      help='print {"pack": ..., "exercises": [...]} as one JSON object')
    show.set_defaults(handler=lazy("tutor.cli.show"))


def add_validate(sub: Any) -> None:
    validate = sub.add_parser(
        "validate", help="check exercise packs and report every problem",
        description="Check packs; print each problem as FILE:LINE:COLUMN: where: what. "
                    "Exit status 0 when clean, 1 when not.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="pack files or folders")
    validate.add_argument("--watch", action="store_true",
                          help="keep watching: on every save, print the problems that are new "
                               "and those that are fixed (Ctrl+C stops)")
    validate.set_defaults(handler=lazy("tutor.cli.validate"))


def add_schema(sub: Any) -> None:
    schema = sub.add_parser(
        "schema", help="print the JSON Schema of the pack format (for editors)",
        description="Print the JSON Schema of the pack format, for YAML language servers.")
    schema.set_defaults(handler=lazy("tutor.cli.schema"))


def add_progress(sub: Any) -> None:
    progress = sub.add_parser(
        "progress", help="show or reset your progress",
        description="Show progress per pack; --reset clears it (after asking).")
    progress.add_argument("--reset", nargs="?", const="*", default=None, metavar="PACK",
                          help="clear progress (of one pack, or of all)")
    progress.add_argument("--yes", action="store_true", help="do not ask before resetting")
    moves = progress.add_mutually_exclusive_group()
    moves.add_argument("--export", metavar="FILE.json",
                       help="write every answer and event (the review cards follow from them) "
                            "to a JSON file")
    moves.add_argument("--import", dest="import_", metavar="FILE.json",
                       help="merge an export into this progress (nothing is added twice)")
    add_data_dir(progress)
    progress.set_defaults(handler=lazy("tutor.cli.progress"))


def add_review(sub: Any) -> None:
    review = sub.add_parser(
        "review", help="spaced review: the questions due again (FSRS), across packs",
        description="Every question you have answered is a card, scheduled by FSRS from how "
                    "you answered it (Again, Hard, Good, Easy). Without --list, opens the app.")
    review.add_argument("--list", action="store_true",
                        help="print the due cards instead of opening the app")
    review.add_argument("--at", metavar="DATE",
                        help="with --list: what is due at that date (2027-01-15, the end of "
                             "that day) or time (2027-01-15T09:30), UTC")
    review.add_argument("--json", action="store_true", help="with --list: JSON")
    add_data_dir(review)
    review.set_defaults(handler=lazy("tutor.cli.review_app"))


def add_mistakes(sub: Any) -> None:
    mistakes = sub.add_parser(
        "mistakes", help="your own mistakes: each slip the tutor named, how often, where",
        description="Each catalogued slip in your answers, the most frequent first: how "
                    "often, when last, and in which exercises.")
    mistakes.add_argument("--json", action="store_true", help="print JSON")
    add_data_dir(mistakes)
    mistakes.set_defaults(handler=lazy("tutor.cli.review", "run_mistakes"))


def add_results(sub: Any) -> None:
    results = sub.add_parser(
        "results", help="a class's results, per learner and per question (for the teacher)",
        description="Per learner and question: answers checked, right on the first try, "
                    "solved, hints and derivation steps shown, the mistakes diagnosed and the "
                    "time spent; then a summary per question, the most missed first. Reads "
                    "DIR/learners/NAME/ (as `tutor serve` keeps it), or one learner's data "
                    "folder.")
    results.add_argument("--format", choices=("text", "csv", "json"), default="text",
                         help="text tables (default), CSV, or JSON")
    results.add_argument("--summary", action="store_true",
                         help="with --format csv: the per-question summary instead of the "
                              "per-learner rows")
    add_data_dir(results)
    results.set_defaults(handler=lazy("tutor.cli.results"))


def add_serve(sub: Any) -> None:
    serve = sub.add_parser(
        "serve", help="serve the tutor to a class over SSH or the web (needs tutor[serve])",
        description="Run the tutor for a class: each learner gets their own app and their own "
                    "progress, kept in DIR/learners/NAME/ (see `tutor results`).")
    how = serve.add_subparsers(dest="how", metavar="HOW", required=True)
    ssh = how.add_parser(
        "ssh", help="an SSH server that runs only the tutor",
        description="An SSH server that runs only the tutor: learners log in with their public "
                    "key and get their own app; no shell, commands, file transfer or "
                    "forwarding. The host key is made on first start in the data folder.")
    keys = ssh.add_mutually_exclusive_group(required=True)
    keys.add_argument("--authorized-keys", metavar="FILE",
                      help="an authorized_keys file; each key's comment is the learner's name")
    keys.add_argument("--roster", metavar="FILE",
                      help="a YAML file: learner name: public key (or a list of keys)")
    ssh.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1; 0.0.0.0 for everyone)")
    ssh.add_argument("--port", type=int, default=2222, help="port (default 2222)")
    add_limits(ssh)
    add_data_dir(ssh)
    web = how.add_parser(
        "web", help="the tutor in a browser (textual-serve), a personal link per learner",
        description="Serve the tutor to browsers: with --roster, print one personal link per "
                    "learner; with --open, the first page asks each learner's name.")
    who = web.add_mutually_exclusive_group(required=True)
    who.add_argument("--roster", metavar="FILE",
                     help="a YAML file of learner names (keys, if any, are for SSH)")
    who.add_argument("--open", action="store_true",
                     help="anyone who opens the page gives a name (a workshop)")
    web.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1; 0.0.0.0 for everyone)")
    web.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    web.add_argument("--public-url", metavar="URL",
                     help="the address learners use, for the printed links "
                          "(default http://HOST:PORT)")
    add_limits(web)
    add_data_dir(web)
    serve.set_defaults(handler=lazy("tutor.cli.serve"))


def add_limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-sessions", type=positive, default=50, metavar="N",
                        help="sessions at once; one more is told the class is full (default 50)")
    parser.add_argument("--idle-timeout", type=float, default=1800, metavar="S",
                        help="close a session after S seconds without a key (default 1800; "
                             "0: never)")
    parser.add_argument("--login-grace", type=float, default=30, metavar="S",
                        help="seconds to finish logging in (default 30)")
    parser.add_argument("--memory-limit", type=int, default=1024, metavar="MB",
                        help="address space of each session's app, in MB (default 1024)")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where progress is kept (default: $TUTOR_DATA_DIR or the "
                             "platform's user data folder)")
