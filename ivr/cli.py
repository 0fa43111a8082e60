"""``ivr``: the phone line's command line.

``ivr simulate`` plays a call against a running service (``--url``) or against
the app in this process (``--in-process``), printing what the caller hears. In
process it then shows what follows the call: the confirmation text and any
callback, placed and played through a local fake of Twilio's REST API. It
asks for the caller's keys and words at each prompt, or takes them from the
command line / a script file (one input per line) for repeatable runs.
"""
from __future__ import annotations

import argparse
import os
import sys

from ivr.fake_twilio import FakeTwilio
from ivr.simulate import CallFailed, Simulator, app_transport, follow_up, http_transport

DEMO_NUMBER = "+18007328734"  # the support line's number in the demo (the simulator's --to)
INPUT_HELP = (
    "caller inputs in order: digits ('2'), speech ('say:my uploads fail' or any non-digit text), "
    "a voicemail ('record:please call me back') or silence ('-')"
)


def _read_script(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    return [line for line in lines if not line.lstrip().startswith("#")]


def simulate(args: argparse.Namespace) -> int:
    if args.in_process:
        with FakeTwilio() as twilio:
            app = _app_with_fake_twilio(twilio)
            return _play(args, app_transport(app), lambda transport: follow_up(app, twilio, transport, print,
                                                                               dial=args.dial))
    token = args.auth_token or os.environ.get("TWILIO_AUTH_TOKEN", "dev-twilio-token")
    return _play(args, http_transport(args.url, token))


def _app_with_fake_twilio(twilio: FakeTwilio):
    """The app in this process, its Twilio REST client pointed at the local fake: the texts and
    callbacks that follow the call are shown, and nothing reaches Twilio."""
    from dataclasses import replace

    from helpdesk_settings.config import Settings
    from support_service.app import create_app

    settings = Settings.from_env()
    return create_app(replace(settings, twilio_account_sid=twilio.account_sid, twilio_auth_token=twilio.auth_token,
                              twilio_number=settings.twilio_number or DEMO_NUMBER, twilio_api_url=twilio.url,
                              twilio_lookup_url=twilio.url))


def _play(args: argparse.Namespace, transport, after=None) -> int:
    inputs = list(args.inputs)
    if args.script:
        inputs = _read_script(args.script) + inputs
    interactive = not inputs and sys.stdin.isatty() and not args.no_input
    simulator = Simulator(
        transport,
        inputs=None if interactive else inputs,
        ask=input if interactive else None,
        caller=args.caller,
        called=args.called,
        agent=args.agent,
        dial=args.dial,
        wait_rounds=args.wait_rounds,
        echo=print,
    )
    try:
        simulator.run()
        if after is not None:
            after(transport)
    except CallFailed as exc:
        print(f"APPLICATION ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ivr", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="play a call and print what the caller hears")
    target = sim.add_mutually_exclusive_group()
    target.add_argument("--url", default="http://localhost:8000", help="base URL of a running service")
    target.add_argument("--in-process", action="store_true", help="run the app in this process instead")
    sim.add_argument("--auth-token", help="Twilio auth token to sign with (default: $TWILIO_AUTH_TOKEN)")
    sim.add_argument("--from", dest="caller", default="+15550100001", help="the caller's number (E.164)")
    sim.add_argument("--to", dest="called", default=DEMO_NUMBER, help="the number called")
    sim.add_argument("--agent", choices=("answers", "none"), default="answers",
                     help="in a queue: an agent answers, or nobody does and the caller hangs up")
    sim.add_argument("--dial", default="completed", help="outcome of a <Dial>: completed, no-answer, busy, failed")
    sim.add_argument("--wait-rounds", type=int, default=1, help="passes of the hold music before the agent answers")
    sim.add_argument("--script", help="file with one caller input per line")
    sim.add_argument("--no-input", action="store_true", help="never ask: silence wherever no input is given")
    sim.add_argument("inputs", nargs="*", help=INPUT_HELP)
    args = parser.parse_args(argv)
    if args.command == "simulate":
        return simulate(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
