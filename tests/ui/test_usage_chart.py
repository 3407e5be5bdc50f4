"""The daily-use bar chart: bar geometry from the counts, painted pixels, tooltips and its accessible text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette

from desktop_app.ui.usage_chart import DAYS, UsageChart

TODAY = date(2026, 11, 28)


def chart(qtbot, daily) -> UsageChart:
    widget = UsageChart()
    qtbot.addWidget(widget)
    widget.resize(300, 120)
    widget.set_counts(daily, TODAY)
    return widget


def test_bars_are_as_tall_as_their_counts(qtbot) -> None:
    widget = chart(qtbot, [("2026-11-28", 10), ("2026-11-27", 5), ("2026-10-30", 1), ("2026-10-29", 99)])
    counts = widget.counts()
    assert len(counts) == DAYS and counts[-1] == 10 and counts[-2] == 5 and counts[0] == 1
    assert sum(counts) == 16  # 2026-10-29 is 31 days back: outside the chart
    rects = widget.bar_rects()
    assert rects[-2].height() * 2 == rects[-1].height()
    assert rects[0].height() >= 1  # a single use still shows
    assert all(r.height() == 0 for r, c in zip(rects, counts, strict=True) if c == 0)
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:], strict=False))  # oldest left
    assert rects[-1].bottom() == rects[-2].bottom()  # one baseline


def test_the_painted_bars_have_the_highlight_colour(qtbot) -> None:
    widget = chart(qtbot, [("2026-11-28", 8), ("2026-11-20", 2)])
    image = widget.grab().toImage()
    highlight = widget.palette().color(QPalette.ColorRole.Highlight).rgb()
    rects = widget.bar_rects()
    dpr = image.devicePixelRatio()

    def pixel(x: float, y: float) -> int:
        return image.pixel(int(x * dpr), int(y * dpr))

    tall, short, empty = rects[-1], rects[-9], rects[-2]
    assert pixel(tall.center().x(), tall.top() + 2) == highlight
    assert pixel(short.center().x(), short.bottom() - 1) == highlight
    assert pixel(short.center().x(), tall.top() + 2) != highlight  # the short bar stops lower
    assert pixel(empty.center().x(), tall.center().y()) != highlight  # a day without use is empty


def test_each_bar_has_a_tooltip_and_the_chart_a_summary(qtbot) -> None:
    widget = chart(qtbot, [("2026-11-28", 1), ("2026-11-27", 1234)])
    last = widget.bar_rects()[-1]
    index = widget.bar_at(QPoint(int(last.center().x()), int(last.center().y())))
    assert index == DAYS - 1
    assert widget.bar_tip(index) == "2026-11-28: 1 use"
    assert widget.bar_tip(DAYS - 2) == "2026-11-27: 1,234 uses"
    assert widget.bar_tip(0) == "2026-10-30: 0 uses"
    assert widget.bar_at(QPoint(-5, 10)) is None
    assert widget.accessibleName() == "Daily uses, past 30 days"
    assert widget.accessibleDescription() == "1,235 uses in the past 30 days, at most 1,234 on one day"
    widget.set_unavailable()
    assert widget.accessibleDescription() == "Usage is unavailable" and widget.counts() == [0] * DAYS
