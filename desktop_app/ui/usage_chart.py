"""The daily uses of the past 30 days as a small bar chart, painted with QPainter (no QtCharts: it
would cost start-up time for one small chart).

`UsageChart.set_counts(daily, today)` takes (YYYY-MM-DD, count) pairs; days without use are empty
bars. `bar_rects()` is the geometry painted (one rect per day, oldest first), which tests and the
tooltips read. Colours come from the palette (light and dark themes); the axis shows only the
largest count and the first and last day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

DAYS = 30
_AXIS_GAP = 4


class UsageChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[date] = []
        self._counts: list[int] = []
        self._available = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Daily uses, past 30 days"))
        self.set_counts([], date.today())

    # ---- data ---------------------------------------------------------------------------------

    def set_counts(self, daily: Sequence[tuple[str, int]], today: date) -> None:
        """One bar per day from today - 29 to today; days not in `daily` count 0."""
        given = dict(daily)
        self._days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
        self._counts = [max(0, int(given.get(day.isoformat(), 0))) for day in self._days]
        self._available = True
        total = sum(self._counts)
        self.setAccessibleDescription(
            self.tr("{total} uses in the past 30 days, at most {peak} on one day").format(
                total=f"{total:,}", peak=f"{max(self._counts):,}"
            )
        )
        self.update()

    def set_unavailable(self) -> None:
        """No usage to show (offline, or not loaded): an empty chart with a sentence."""
        self._counts = [0] * DAYS
        self._available = False
        self.setAccessibleDescription(self.tr("Usage is unavailable"))
        self.update()

    def counts(self) -> list[int]:
        return list(self._counts)

    def days(self) -> list[date]:
        return list(self._days)

    # ---- geometry -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(DAYS * 8, 96)

    def minimumSizeHint(self) -> QSize:
        return QSize(DAYS * 4, 64)

    def _plot(self) -> QRect:
        """The area the bars stand in: below the peak label, above the date labels."""
        line = self.fontMetrics().height()
        return self.rect().adjusted(2, line + _AXIS_GAP, -2, -(line + _AXIS_GAP))

    def bar_rects(self) -> list[QRectF]:
        """Each day's bar (oldest first); a day without use has a zero-height rect on the baseline."""
        plot = self._plot()
        slot = plot.width() / DAYS
        peak = max(self._counts) if self._counts else 0
        rects = []
        for i, count in enumerate(self._counts):
            height = plot.height() * count / peak if peak else 0.0
            if count and height < 1:
                height = 1.0  # one use still shows
            left = plot.left() + i * slot + slot * 0.15
            rects.append(QRectF(left, plot.bottom() + 1 - height, slot * 0.7, height))
        return rects

    def bar_at(self, point: QPoint) -> int | None:
        """The day (index) whose column holds `point`, or None."""
        plot = self._plot()
        if not plot.adjusted(0, -plot.top(), 0, 0).contains(point) or plot.width() <= 0:
            return None
        index = int((point.x() - plot.left()) * DAYS / plot.width())
        return index if 0 <= index < DAYS else None

    def bar_tip(self, index: int) -> str:
        day, count = self._days[index], self._counts[index]
        text = self.tr("1 use") if count == 1 else self.tr("{count} uses").format(count=f"{count:,}")
        return self.tr("{day}: {uses}").format(day=day.isoformat(), uses=text)

    # ---- painting and tooltips ------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        plot = self._plot()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(plot.bottomLeft() + QPoint(0, 1), plot.bottomRight() + QPoint(0, 1))
        text_pen = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(text_pen)
        line = self.fontMetrics().height()
        if not self._available:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("Usage is unavailable"))
            painter.end()
            return
        peak = max(self._counts) if self._counts else 0
        top = QRect(plot.left(), 0, plot.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft, self.tr("max {peak}").format(peak=f"{peak:,}"))
        bottom = QRect(plot.left(), plot.bottom() + _AXIS_GAP, plot.width(), line)
        if self._days:
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, self._days[0].strftime("%m-%d"))
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, self.tr("today"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        for rect in self.bar_rects():
            if rect.height() > 0:
                painter.drawRect(rect)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos())
            if index is None or not self._available:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.bar_tip(index), self)
            return True
        return super().event(event)


__all__ = ["DAYS", "UsageChart"]
