"""A teacher's history across programmes (7.7), linked from her staff card."""

from django.shortcuts import get_object_or_404, render

from programme import access

from ..selectors.history import teacher_history


@access.named_data_required
def history(request, pk):
    """Her pairs, outcomes, awards and deltas, every year: named data, the managers' only;
    another organisation's teacher answers 404."""
    staff = get_object_or_404(access.staff_for(request.user), pk=pk)
    return render(request, "reports/history/history.html", {"history": teacher_history(staff)})
