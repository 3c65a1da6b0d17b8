"""Pages of the interviews of mentor candidates (4.2)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from .. import access
from ..exceptions import DomainError
from ..forms.interviews import InterviewForm
from ..models import Interview
from ..selectors import interviews as selectors
from ..services import interviews as services


@access.named_data_required
def interview_list(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "programme/interviews/interview_list.html",
        {
            "programme": programme,
            "interviews": selectors.interviews_for_list(programme),
            "waiting": selectors.mentors_without_interview(programme),
            "can_manage": access.can_manage(request.user),
        },
    )


def _interview_page(request, programme, interview=None):
    initial = {}
    mentor_pk = request.GET.get("mentor", "")
    if interview is None and mentor_pk.isdigit():
        initial["mentor"] = int(mentor_pk)
    form = InterviewForm(
        request.POST or None, instance=interview, programme=programme, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mentor = data["mentor"]
        before = mentor.get_status_display()
        try:
            interview = services.interview_record(programme=programme, interview=interview, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            after = mentor.get_status_display()
            text = "Собеседование сохранено."
            if after != before:
                text += f" Статус {mentor.staff.full_name}: «{before}» → «{after}»."
            messages.success(request, text)
            return redirect("programme:interview_list", pk=programme.pk)
    return render(
        request,
        "programme/interviews/interview_form.html",
        {"programme": programme, "interview": interview, "form": form},
    )


@access.manager_required
def interview_create(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _interview_page(request, programme)


@access.manager_required
def interview_edit(request, pk, interview_pk):
    programme = access.get_programme(request.user, pk, write=True)
    interview = get_object_or_404(Interview.objects.filter(programme=programme), pk=interview_pk)
    return _interview_page(request, programme, interview)
