"""Routes of the pairing board (5.3), included by pairing/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import board

B = "programmes/<int:pk>/board/"

urlpatterns = [
    path(B, board.board, name="board"),
    path(B + "run/", board.board_run, name="board_run"),
    path(B + "assign/", board.board_assign, name="board_assign"),
    path(B + "confirm/", board.board_confirm, name="board_confirm"),
    path(B + "members/<int:membership_id>/pin/", board.board_pin, name="board_pin"),
    path(B + "members/<int:membership_id>/remove/", board.board_remove, name="board_remove"),
    path(B + "mentors/<int:mentor_id>/group/", board.board_group, name="board_group"),
    path(B + "mentors/<int:mentor_id>/back/", board.board_mentor_back, name="board_mentor_back"),
    path(B + "pairings/<int:pairing_id>/ungroup/", board.board_ungroup, name="board_ungroup"),
    path(B + "pairings/<int:pairing_id>/terms/", board.board_terms, name="board_terms"),
]
