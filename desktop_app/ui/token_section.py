"""One section of the window per token kind: its table, search box, status filter with counts, actions."""

from __future__ import annotations

import logging
from enum import Enum

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.tokens import TokenKind, TokenStatus
from .columns import Column
from .core_text import core_label
from .hygiene_bar import HygieneBar
from .revoke_list import RevokeList
from .selection_keeper import BigSelectionKeeper
from .table_delegate import TokenItemDelegate
from .token_model import WARNING_COLOUR, TokenTableModel
from .token_proxies import TokenProxyChain
from .translate import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

_STATUS_ORDER = (TokenStatus.ACTIVE, TokenStatus.INACTIVE, TokenStatus.GENERATED, TokenStatus.EXPIRED)
_STATUS_MNEMONICS = {
    TokenStatus.ACTIVE: QT_TRANSLATE_NOOP("TokenSection", "&Active"),
    TokenStatus.INACTIVE: QT_TRANSLATE_NOOP("TokenSection", "&Inactive"),
    TokenStatus.GENERATED: QT_TRANSLATE_NOOP("TokenSection", "&Generated"),
    TokenStatus.EXPIRED: QT_TRANSLATE_NOOP("TokenSection", "E&xpired"),
}  # self.tr at use


class LoadState(Enum):
    SIGNED_OUT = "signed out"
    LOADING = "first sync running"
    READY = "ready"


class TokenTableView(QTableView):
    """A table view that says when it has first painted rows (start-up timing, tests)."""

    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted and self.model() is not None:
            self._painted = True
            self.first_painted.emit()

    @property
    def painted(self) -> bool:
        return self._painted


def configure_table_view(view: QTableView) -> None:
    """Settings that keep a 100,000-row table cheap: fixed row heights, no size-to-contents, no wrapping.

    Call it after `view.setModel(...)` (column widths need the columns).
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab moves on to the next control
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setItemDelegate(TokenItemDelegate(view))  # cut-off names get a tooltip
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    horizontal = view.horizontalHeader()
    horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    horizontal.setStretchLastSection(True)
    horizontal.setHighlightSections(False)
    # The header asks its selection model whether each column is wholly selected, which Qt answers by
    # asking every row's flags (seconds at 100,000 rows after Ctrl+A); it highlights nothing, so it
    # gets a selection model of its own that stays empty.
    horizontal.setSelectionModel(QItemSelectionModel(view.model(), horizontal))
    horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    horizontal.setSortIndicatorShown(True)
    for column in Column:
        if column.spec.width is not None:
            horizontal.resizeSection(column, column.spec.width)


class TokenSection(QWidget):
    """The tokens of one kind: search, status filter (with counts), table, generate and revoke."""

    generate_requested = Signal(TokenKind)
    revoke_requested = Signal(object)  # a RevokeList of the selected tokens
    revoke_deprovisioned_requested = Signal(TokenKind)  # this section's kind
    can_revoke_changed = Signal(bool)  # signed in with a selection, or no longer

    def __init__(self, kind: TokenKind, model: TokenTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = TokenKind(kind)
        self.model = model
        self.chain = TokenProxyChain(model, self)
        self.setAccessibleName(core_label(self.kind.label))

        self.search_field = QLineEdit(self)
        self.search_field.setPlaceholderText(self.tr("Search name or owner (Ctrl+F)"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(
            self.tr("Search {section} by name or owner").format(
                section=core_label(self.kind.label).lower(), Section=core_label(self.kind.label)
            )
        )
        self.search_field.textChanged.connect(self.chain.set_search)
        self.search_field.returnPressed.connect(self._focus_table)
        self.search_field.installEventFilter(self)

        self.status_boxes: dict[TokenStatus, QCheckBox] = {}
        for status in _STATUS_ORDER:
            box = QCheckBox(self.tr(_STATUS_MNEMONICS[status]), self)
            box.setChecked(True)
            box.setToolTip(
                self.tr("Show {status} tokens").format(
                    status=core_label(status.label).lower(), Status=core_label(status.label)
                )
            )
            box.toggled.connect(self._statuses_toggled)
            self.status_boxes[status] = box

        self.generate_button = QPushButton(
            self.tr("&New {noun}…").format(noun=core_label(self.kind.noun)), self
        )
        self.generate_button.setToolTip(self.tr("Generate a new token (Ctrl+N)"))
        self.generate_button.clicked.connect(lambda: self.generate_requested.emit(self.kind))
        self.revoke_button = QPushButton(self.tr("&Revoke…"), self)
        self.revoke_button.setToolTip(self.tr("Revoke the selected tokens (Delete)"))
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.request_revoke)
        self.deprovisioned_button = QPushButton(self)
        self.deprovisioned_button.setToolTip(
            self.tr("Tokens of deprovisioned users are refused at every use; revoke them in one step")
        )
        self.deprovisioned_button.clicked.connect(self.request_revoke_deprovisioned)

        self.view = TokenTableView(self)
        self.view.setAccessibleName(self.tr("{section} table").format(section=core_label(self.kind.label)))
        self.view.setModel(self.chain.view_model)
        configure_table_view(self.view)
        # The indicator first: enabling sorting sorts by it at once (by Name otherwise, which needs
        # every name's sort key before the first paint).
        self.view.horizontalHeader().setSortIndicator(Column.GENERATED, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(Column.GENERATED, Qt.SortOrder.DescendingOrder)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_keeper = BigSelectionKeeper(model, self.chain, self.view)
        revoke_action = QAction(self.tr("Revoke selected tokens"), self.view)
        revoke_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        revoke_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        revoke_action.triggered.connect(self.request_revoke)
        self.view.addAction(revoke_action)

        self.placeholder = QLabel(self.view.viewport())
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # the palette's muted text colour
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.view.viewport().installEventFilter(self)

        self.hygiene = HygieneBar(self)  # SPEC rule 17: the attention lists, shown in this table
        self.hygiene.attention_chosen.connect(self.chain.set_attention)
        self.hygiene.revoke_all_requested.connect(self.request_revoke_listed)
        self.chain.attention.counts_changed.connect(self.hygiene.show_counts)
        self.hygiene.show_counts(self.chain.attention.counts())

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of tokens shown"))
        # "3 expiring within 7 days" beside the count of tokens, only when some are.
        self.expiring_label = QLabel(self)
        self.expiring_label.setAccessibleName(self.tr("Tokens expiring soon"))
        palette = self.expiring_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, WARNING_COLOUR)
        self.expiring_label.setPalette(palette)
        self.expiring_label.setText("")

        # The search box has a width of its own and the stretch after the status boxes takes what
        # counts growing or shrinking give or take: the box never changes width with them, and the
        # header asks for no reserved room (a narrow window leaves the details pane its width).
        metrics = self.search_field.fontMetrics()
        self.search_field.setFixedWidth(metrics.horizontalAdvance("M" * 16))
        filters = QHBoxLayout()
        filters.addWidget(self.search_field)
        filters.addSpacing(12)
        status_label = QLabel(self.tr("Status:"), self)
        filters.addWidget(status_label)
        for box in self.status_boxes.values():
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.generate_button)

        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addSpacing(12)
        actions.addWidget(self.expiring_label)  # "3 expiring within 7 days", beside the count
        actions.addStretch(1)
        actions.addWidget(self.deprovisioned_button)
        actions.addWidget(self.revoke_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.hygiene)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self.setTabOrder(self.search_field, self.view)

        view_model = self.chain.view_model
        for signal in (
            view_model.layoutChanged,
            view_model.rowsInserted,
            view_model.rowsRemoved,
            view_model.modelReset,
        ):
            signal.connect(self._rows_changed)
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
            model.modelReset,
            model.dataChanged,
        ):
            signal.connect(self._model_changed)
        self.chain.status.counts_changed.connect(self._show_counts)
        model.warn_days_changed.connect(self._show_expiring)
        self._show_owner = True
        self._signed_in = True
        self._load_state = LoadState.READY
        self._had_tokens = model.token_count() > 0  # since the last reset: an empty table then means revoked
        model.modelReset.connect(self._forget_history)
        self._show_counts(self.chain.status.counts())
        self._model_changed()
        self._rows_changed()

    # ---- public ---------------------------------------------------------------------------------

    def set_show_owner(self, show: bool) -> None:
        """The owner column is for full admins (everyone else sees only their own tokens)."""
        self._show_owner = show
        self.view.setColumnHidden(Column.OWNER, not show)

    def restore_header(self, state: QByteArray) -> None:
        """Column widths and sort order saved by a previous run (the owner column follows the role)."""
        header = self.view.horizontalHeader()
        if header.restoreState(state):
            self.set_show_owner(self._show_owner)
            for section in range(header.count()):
                if section != Column.OWNER:
                    header.setSectionHidden(section, False)

    def set_signed_in(self, signed_in: bool) -> None:
        """Generate and revoke need a session; the table stays readable without one."""
        self._signed_in = signed_in
        self.hygiene.set_signed_in(signed_in)
        self.generate_button.setEnabled(signed_in)
        self.generate_button.setToolTip(
            self.tr("Generate a new token (Ctrl+N)") if signed_in else self.tr("Sign in to generate tokens")
        )
        self._selection_changed()
        self._model_changed()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def selected_rows(self) -> np.ndarray:
        """The base rows (of `model.table`) of the selection, in table order (from its ranges)."""
        return self.chain.selected_base_rows(self.view.selectionModel().selection())

    def selected_tokens(self) -> RevokeList:
        """The selected tokens' ids, names and owners, in table order."""
        return RevokeList.of_rows(self.model.table, self.selected_rows(), self.kind)

    def deprovisioned_tokens(self) -> RevokeList:
        """Every token in this section whose owner is deprovisioned, by owner then name."""
        table = self.model.table
        listed = RevokeList.of_rows(table, self.model.deprovisioned_rows(), self.kind)
        order = sorted(
            range(len(listed)),
            key=lambda at: (listed.owners[at].casefold(), listed.names[at].casefold(), listed.ids[at]),
        )
        return RevokeList(
            [listed.ids[at] for at in order],
            [listed.names[at] for at in order],
            [listed.owners[at] for at in order],
            listed.counts,
        )

    @Slot()
    def request_revoke(self) -> None:
        if self._signed_in and self.view.selectionModel().hasSelection():
            self.revoke_requested.emit(self.selected_tokens())

    def listed_tokens(self) -> RevokeList:
        """The tokens the table shows (the hygiene list, narrowed by search and status), in table order."""
        return RevokeList.of_rows(self.model.table, self.chain.view_model.base_rows(), self.kind)

    @Slot()
    def request_revoke_listed(self) -> None:
        """Hygiene: "Revoke all listed…" (the chunked revoke with progress, after the confirmation)."""
        if self._signed_in and self.chain.attention.attention() is not None:
            listed = self.listed_tokens()
            if len(listed):
                self.revoke_requested.emit(listed)

    def show_token(self, token_id: str) -> bool:
        """Select and show `token_id`'s row, clearing the filters that hide it; False when not here."""
        if self.model.row_of(token_id) is None:
            return False
        row = self._view_row_of(token_id)
        if row is None:  # hidden by the search, the status filter or the hygiene list
            self.hygiene.choose(None)
            self.search_field.clear()
            for box in self.status_boxes.values():
                box.setChecked(True)
            self.chain.set_statuses(self.chain.status.statuses() | set(TokenStatus))
            row = self._view_row_of(token_id)
        if row is None:
            return False
        index = self.chain.view_model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _view_row_of(self, token_id: str) -> int | None:
        base_row = self.model.row_of(token_id)
        if base_row is None:
            return None
        found = np.flatnonzero(self.chain.view_model.base_rows() == base_row)
        return int(found[0]) if len(found) else None

    @Slot()
    def request_revoke_deprovisioned(self) -> None:
        if self._signed_in:
            self.revoke_deprovisioned_requested.emit(self.kind)

    # ---- reactions ------------------------------------------------------------------------------

    @Slot()
    def _statuses_toggled(self) -> None:
        self.chain.set_statuses(status for status, box in self.status_boxes.items() if box.isChecked())

    @Slot(object)
    def _show_counts(self, counts: dict[TokenStatus, int]) -> None:
        for status, box in self.status_boxes.items():
            box.setText(
                self.tr("{status} ({count})").format(
                    status=self.tr(_STATUS_MNEMONICS[status]), count=f"{counts.get(status, 0):,}"
                )
            )
            box.setAccessibleName(
                self.tr("{status}: {count} tokens").format(
                    status=core_label(status.label), count=counts.get(status, 0)
                )
            )

    @Slot()
    def _show_expiring(self, *args: object) -> None:
        """The count of tokens expiring within the warning period (hidden when none)."""
        count, days = self.model.expiring_soon_count(), self.model.warn_days()
        text = ""
        if count:
            text = (
                self.tr("{count} expiring within {days} day")
                if days == 1
                else self.tr("{count} expiring within {days} days")
            ).format(count=f"{count:,}", days=days)
        self.expiring_label.setText(text)  # empty: nothing shown (the label keeps the stretch's place)
        self.expiring_label.setToolTip(text)

    @Slot()
    def _model_changed(self, *args: object) -> None:
        self._show_expiring()
        count = len(self.model.deprovisioned_rows())
        self.deprovisioned_button.setVisible(count > 0)
        self.deprovisioned_button.setEnabled(self._signed_in)
        self.deprovisioned_button.setText(
            (
                self.tr("Revoke {count} token of deprovisioned users…")
                if count == 1
                else self.tr("Revoke {count} tokens of deprovisioned users…")
            ).format(count=f"{count:,}")
        )

    @Slot()
    def _rows_changed(self, *args: object) -> None:
        self._selection_changed()  # rows leaving by a layout change emit no selectionChanged
        shown, total = self.chain.view_model.rowCount(), self.model.token_count()
        self._had_tokens = self._had_tokens or total > 0
        noun = self.tr("token") if total == 1 else self.tr("tokens")
        self.count_label.setText(
            self.tr("{shown} of {total} {noun}").format(shown=f"{shown:,}", total=f"{total:,}", noun=noun)
            if shown != total
            else self.tr("{total} {noun}").format(total=f"{total:,}", noun=noun)
        )
        if shown:
            self.placeholder.hide()
            return
        if total == 0:
            self.placeholder.setText(self._empty_text())
        elif not self.chain.status.statuses():
            self.placeholder.setText(self.tr("No status is selected above."))
        else:
            self.placeholder.setText(self.tr("No tokens match the search and status filter."))
        self.placeholder.resize(self.view.viewport().size())
        self.placeholder.show()

    def can_revoke(self) -> bool:
        return self._signed_in and self.view.selectionModel().hasSelection()

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *args: object) -> None:
        able = self.can_revoke()
        if able != self.revoke_button.isEnabled():
            self.revoke_button.setEnabled(able)
            self.can_revoke_changed.emit(able)

    def set_load_state(self, state: LoadState) -> None:
        """What an empty table means: signed out, the first sync still running, or really empty."""
        if state is not self._load_state:
            self._load_state = state
            self._rows_changed()

    def _empty_text(self) -> str:
        label = core_label(self.kind.label)
        if self._load_state is LoadState.SIGNED_OUT:
            return self.tr("Not signed in: no {section} to show.\nFile → Sign in… loads them.").format(
                section=label
            )
        if self._load_state is LoadState.LOADING:
            return self.tr("Loading {section} from the token service…").format(section=label)
        if self._had_tokens:
            return self.tr("No {section} left: all were revoked.\nPress Ctrl+N to generate one.").format(
                section=label
            )
        return self.tr("No {section} yet.\nPress Ctrl+N to generate one.").format(section=label)

    @Slot()
    def _forget_history(self) -> None:
        self._had_tokens = self.model.token_count() > 0

    def focus_table(self) -> None:
        self._focus_table()

    @Slot()
    def _focus_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid() and self.chain.view_model.rowCount():
            self.view.setCurrentIndex(self.chain.view_model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.placeholder.resize(self.view.viewport().size())
        elif (
            watched is self.search_field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Down:
                self._focus_table()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_field.text():
                self.search_field.clear()
                return True
        return super().eventFilter(watched, event)


__all__ = ["TokenSection", "TokenTableView", "configure_table_view"]
