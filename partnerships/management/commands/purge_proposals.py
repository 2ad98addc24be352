"""Delete proposals closed (answered or declined) more than N months ago, with their files."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from partnerships.models import CLOSED_STATUSES, Proposal


class Command(BaseCommand):
    help = "Deletes cooperation proposals closed more than --months months ago, with their attachments."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.PROPOSALS_RETENTION_MONTHS,
            help="How long a closed proposal is kept (default: PROPOSALS_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args, months, dry_run, **options):
        # Calendar months; a day the month lacks becomes its last (31 March - 1 month = 28/29 February).
        cutoff = timezone.now() - relativedelta(months=months)
        expired = Proposal.objects.filter(
            status__in=CLOSED_STATUSES, closed_at__lt=cutoff
        ).order_by("closed_at")
        verb = "would delete" if dry_run else "deleted"
        count = 0
        for proposal in expired:
            self.stdout.write(f"{verb} {proposal.reference} (closed {proposal.closed_at:%Y-%m-%d})")
            if not dry_run:
                proposal.delete()  # removes the attachment file too
            count += 1
        self.stdout.write(
            self.style.SUCCESS(f"{count} proposal(s) {verb}, closed before {cutoff:%Y-%m-%d}.")
        )
