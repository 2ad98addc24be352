"""The outgoing mail in the admin, in Bulgarian: the queue (what waits, what failed and why, when it
is tried again) and the log of every attempt. Only those given its permissions see it: superusers;
no staff role includes it. django-mailer's own admin classes (English labels) are replaced."""

from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mailer.models import (
    PRIORITY_DEFERRED,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    DontSendEntry,
    Message,
    MessageLog,
)

from core.mail import delivery

for model in (Message, MessageLog, DontSendEntry):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


def when(value):
    return date_format(localtime(value), "DATETIME_FORMAT") if value else "—"


class MailAdmin(admin.ModelAdmin):
    """Read-only: messages are written by the site and sent by the worker."""

    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("получатели"))
    def recipients(self, record):
        email = record.email
        return ", ".join(email.to) if email is not None else "—"

    @admin.display(description=_("тема"))
    def subject_line(self, record):
        email = record.email
        return email.subject if email is not None else "—"

    @admin.display(description=_("текст"))
    def body(self, record):
        email = record.email
        return email.body if email is not None else "—"

    @admin.display(description=_("поставено в опашката"), ordering="when_added")
    def queued_at(self, record):
        return when(record.when_added)


@admin.register(Message)
class QueuedMessageAdmin(MailAdmin):
    list_display = ["queued_at", "recipients", "subject_line", "state", "attempts", "last_error"]
    fields = ["queued_at", "recipients", "subject_line", "state", "attempts", "last_error", "body"]
    readonly_fields = fields
    ordering = ["-when_added"]
    actions = ["send_again"]

    @admin.display(description=_("състояние"))
    def state(self, message):
        if message.priority != PRIORITY_DEFERRED:
            return _("чака изпращане")
        at = delivery.next_attempt(message)
        if at is None:
            return _("неуспешно; опитите са изчерпани")
        return _("неуспешно; нов опит след %(time)s") % {"time": when(at)}

    @admin.display(description=_("опити"))
    def attempts(self, message):
        mail_id = delivery.message_id(message)
        return MessageLog.objects.filter(message_id=mail_id).count() if mail_id else 0

    @admin.display(description=_("последна грешка"))
    def last_error(self, message):
        mail_id = delivery.message_id(message)
        failure = (
            MessageLog.objects.filter(message_id=mail_id, result=RESULT_FAILURE)
            .order_by("when_attempted")
            .last()
        )
        return failure.log_message if mail_id and failure else "—"

    @admin.action(description=_("Изпращане отново на избраните писма"))
    def send_again(self, request, queryset):
        count = delivery.resend(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d писмо е върнато в опашката и ще бъде изпратено до минута.",
                "%(count)d писма са върнати в опашката и ще бъдат изпратени до минута.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class OutcomeFilter(admin.SimpleListFilter):
    title = _("резултат")
    parameter_name = "result"

    def lookups(self, request, model_admin):
        return [(RESULT_SUCCESS, _("изпратено")), (RESULT_FAILURE, _("неуспешно"))]

    def queryset(self, request, queryset):
        return queryset.filter(result=self.value()) if self.value() else queryset


@admin.register(MessageLog)
class MessageLogAdmin(MailAdmin):
    list_display = ["attempted_at", "recipients", "subject_line", "outcome", "error"]
    list_filter = [OutcomeFilter]
    fields = ["attempted_at", "queued_at", "recipients", "subject_line", "outcome", "error",
              "mail_id", "body"]  # fmt: skip
    readonly_fields = fields
    ordering = ["-when_attempted"]
    search_fields = ["message_id"]

    @admin.display(description=_("опит"), ordering="when_attempted")
    def attempted_at(self, record):
        return when(record.when_attempted)

    @admin.display(description=_("изпратено"), boolean=True)
    def outcome(self, record):
        return record.result == RESULT_SUCCESS

    @admin.display(description=_("грешка"))
    def error(self, record):
        return record.log_message or "—"

    @admin.display(description=_("идентификатор (Message-ID)"))
    def mail_id(self, record):
        return record.message_id or "—"
