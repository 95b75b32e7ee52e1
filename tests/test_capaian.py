"""The capaian rules of DESIGN §3, on the seed's own examples."""

import pytest

from lkip.engine.capaian import CapaianUndefined, capaian, serapan
from lkip.engine.model import CapaianMethod, Direction

H, L = Direction.HIGHER, Direction.LOWER


def test_higher_is_realisasi_over_target():
    # IKU1: 105,48 % against 97 % (seed L423)
    assert capaian(97, 105.48, H) == pytest.approx(108.742, abs=1e-3)


def test_lower_standard_rule_gives_160_for_the_uttp_complaints():
    # P12: target 5 %, realisasi 2 % -> (2*5 - 2) / 5 * 100 = 160 % (seed L825)
    assert capaian(5, 2, L) == pytest.approx(160.0)


def test_lower_inverse_rule_is_target_over_realisasi():
    assert capaian(5, 2, L, CapaianMethod.INVERSE) == pytest.approx(250.0)


def test_lower_inverse_with_zero_realisasi_is_undefined():
    with pytest.raises(CapaianUndefined):
        capaian(5, 0, L, CapaianMethod.INVERSE)


def test_negative_realisasi_is_legal():
    # export growth -11,15 % against 15 % -> -74,33 % (seed L3008)
    assert capaian(15, -11.15, H) == pytest.approx(-74.333, abs=1e-3)


def test_zero_target_is_refused_not_zero():
    with pytest.raises(CapaianUndefined):
        capaian(0, 3, H)


def test_lower_rule_equals_the_regulations_one_plus_one_minus_ratio():
    for target, realisasi in [(7.8, 2.98), (5, 2), (10, 15), (3, 0)]:
        assert capaian(target, realisasi, L) == pytest.approx((1 + (1 - realisasi / target)) * 100)


def test_serapan():
    assert serapan(645_883_156, 542_120_777) == pytest.approx(83.934, abs=1e-3)
    assert serapan(0, 10) is None
    assert serapan(None, 10) is None
