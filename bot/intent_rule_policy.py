"""RulePolicy without the look for rules on a message's words when no rule could match them
(config.yml: intent_rule_policy.IntentRulePolicy).

After every customer message Rasa's RulePolicy looks for the next action twice: once with the
message's text in place of its intent (for end-to-end rules, written with ``user: text``), then
with its intent. Each look computes the states of the whole conversation. This bot's rules all
name intents, so the first look can never find anything; profiled with 10 busy conversations it
was about a tenth of the Rasa server's CPU. The policy checks its rules when it is trained or
loaded and skips that look only when no rule could match a message's text; otherwise it is
RulePolicy unchanged.
"""
from __future__ import annotations

import json
from typing import Any

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


def text_can_match(lookup: dict[str, Any]) -> bool:
    """Could a rule match the state right after a message read as its text rather than its intent?

    Only a rule whose last state follows the customer's message (``action_listen`` or no
    previous action) and does not ask for an intent there can.
    """
    for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
        for key in lookup.get(table, {}):
            last = json.loads(key)[-1]
            user = last.get("user", {})
            if "intent" in user and "text" not in user:
                continue
            if last.get("prev_action", {}).get("action_name") in (None, ACTION_LISTEN_NAME):
                return True
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IntentRulePolicy(RulePolicy):
    """RulePolicy that skips the look for text rules when none of its rules could match a text."""

    def _find_action_from_rules(self, tracker: DialogueStateTracker, domain: Domain,
                                use_text_for_last_user_input: bool) -> tuple[str | None, str | None, bool]:
        if use_text_for_last_user_input and not self._text_can_match():
            return None, None, False  # what RulePolicy returns when it does not look
        return super()._find_action_from_rules(tracker, domain, use_text_for_last_user_input)

    def _text_can_match(self) -> bool:
        # The lookup is filled by training or loading, after __init__: checked on first use.
        if getattr(self, "_lookup_checked", None) is not self.lookup:
            self._text_rules, self._lookup_checked = text_can_match(self.lookup), self.lookup
        return self._text_rules
