"""The settings' defaults are declared once (bench.schema.defaults) and are the model's."""

from __future__ import annotations

from dataclasses import asdict

from bench.schema.config import ScoreConfig
from bench.schema.defaults import DEFAULTS


def test_every_setting_has_its_default_declared_once() -> None:
    assert set(asdict(DEFAULTS)) == set(ScoreConfig.model_fields)
    assert ScoreConfig().model_dump() == asdict(DEFAULTS)


def test_the_defaults_are_valid_settings() -> None:
    assert ScoreConfig.model_validate(asdict(DEFAULTS)) == ScoreConfig()
