"""The token table's item delegate: a cell whose text is cut off shows the whole text as its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class TokenItemDelegate(QStyledItemDelegate):
    """Paints as the default delegate; a tooltip request on a cell without its own tooltip whose text
    does not fit (shown with "…") answers with the whole text."""

    def elided_text(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> str | None:
        """The cell's text when it is cut off at the cell's current width, else None."""
        self.initStyleOption(option, index)
        text = option.text
        if not text:
            return None
        style = option.widget.style() if option.widget is not None else None
        if style is None:
            return None
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        return text if option.fontMetrics.horizontalAdvance(text) > rect.width() - 2 * margin else None

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid():
            if index.data(_TOOLTIP) is None:
                text = self.elided_text(QStyleOptionViewItem(option), index)
                if text is not None:
                    QToolTip.showText(event.globalPos(), text, view.viewport())
                    return True
        return super().helpEvent(event, view, option, index)


__all__ = ["TokenItemDelegate"]
