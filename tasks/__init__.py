"""Nornir tasks for persistent self-signed certificates on Cisco IOS.

Plain task functions ``def verb_noun(task: Task, *, ...) -> Result``, usable in your own runbook:
``tasks.facts.gather_pki_facts``, ``tasks.steps.ensure_trustpoint``,
``tasks.steps.enroll_self_signed``, ``tasks.steps.remove_trustpoint``, ``tasks.steps.ensure_https``,
``tasks.steps.save_config``, ``tasks.rollout.rollout`` (plan, apply, verify) and
``tasks.reload.reload_device``. Errors: ``tasks.errors``.
"""
