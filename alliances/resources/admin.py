"""Editing of kits, resources and events by editors (group `editeur`), with a preview."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from alliances.resources import services, views
from alliances.resources.enums import PublicationStatus
from alliances.resources.models import (
    AssessmentAxis,
    Event,
    KitStep,
    KitTool,
    Registration,
    Resource,
    ResourceLink,
    Theme,
)


class ResourceLinkInline(admin.TabularInline):
    model = ResourceLink
    extra = 1


class KitStepInline(admin.StackedInline):
    model = KitStep
    extra = 0
    show_change_link = True  # the tools of a step are edited on the step's own page
    fields = ["position", "title", "method_step", "body"]


class KitToolInline(admin.StackedInline):
    model = KitTool
    extra = 1
    fields = ["position", "kind", "title", "body", "file"]


CHECKBOX_FIELDS = {"steps", "themes", "axes", "sdgs"}


class PreviewMixin:
    """An « Aperçu » page showing the public page, drafts included, to people who may edit."""

    preview_view: Callable[..., HttpResponse] | None = None  # the public view, called with preview=True

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A handful of tags: checkboxes are easier than a multiple select, also with a keyboard.
        if db_field.name in CHECKBOX_FIELDS:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<int:pk>/apercu/",
                self.admin_site.admin_view(self.preview),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            )
        ]
        return urls + super().get_urls()

    def preview(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return type(self).preview_view(request, obj, preview=True)

    @admin.display(description="Aperçu")
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "Enregistrez pour voir l'aperçu."
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Voir l\'aperçu de la page publique</a>', url)


def _resource_preview(request, resource, *, preview):
    return views.render_resource(request, resource, preview=preview)


def _event_preview(request, event, *, preview):
    return views.render_event(request, event, preview=preview)


@admin.register(Resource)
class ResourceAdmin(PreviewMixin, admin.ModelAdmin):
    preview_view = _resource_preview
    list_display = ["title", "kind", "status", "published_at", "is_demo"]
    list_filter = ["kind", "status", "steps", "themes", "is_demo"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_kits"]
    readonly_fields = ["preview_link", "published_at", "document_size"]
    inlines = [KitStepInline, ResourceLinkInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "status", "preview_link", "published_at"]}),
        ("Contenu (Markdown)", {"fields": ["body", "examples", "transcript"]}),
        ("Webinaire, MOOC, outil", {"fields": ["resource_date", "speakers", "duration_minutes", "url", "publisher"]}),
        ("Document", {"fields": ["document", "document_size"]}),
        ("Classement", {"fields": ["steps", "themes", "axes", "sdgs", "related_kits"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.resource_index(resource=form.instance)

    @admin.action(description="Publier les ressources sélectionnées")
    def publish(self, request, queryset):
        for resource in queryset:
            services.resource_set_status(resource=resource, status=PublicationStatus.PUBLISHED)
        messages.success(request, f"{queryset.count()} ressource(s) publiée(s).")

    @admin.action(description="Repasser en brouillon")
    def unpublish(self, request, queryset):
        for resource in queryset:
            services.resource_set_status(resource=resource, status=PublicationStatus.DRAFT)
        messages.success(request, f"{queryset.count()} ressource(s) repassée(s) en brouillon.")


@admin.register(KitStep)
class KitStepAdmin(admin.ModelAdmin):
    list_display = ["title", "kit", "position"]
    list_filter = ["kit"]
    inlines = [KitToolInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.resource_index(resource=form.instance.kit)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    readonly_fields = ("user", "status", "created_at", "status_changed_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(PreviewMixin, admin.ModelAdmin):
    preview_view = _event_preview
    list_display = ["title", "kind", "starts_at", "status", "registration_mode", "capacity", "is_demo"]
    list_filter = ["kind", "status", "registration_mode", "is_demo"]
    search_fields = ["title", "summary", "organiser"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link", "published_at"]
    inlines = [RegistrationInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "status", "preview_link", "published_at"]}),
        ("Quand et où (heure de Paris)", {"fields": ["starts_at", "ends_at", "place", "online_url"]}),
        (
            "Organisation",
            {"fields": ["organiser", "audience", "registration_mode", "capacity", "registration_url", "replay_url"]},
        ),
        ("Programme (Markdown)", {"fields": ["body"]}),
        ("Classement", {"fields": ["themes", "sdgs"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.event_index(event=form.instance)
        promoted = services.event_fill_places(event=form.instance, site_url=request.build_absolute_uri("/").rstrip("/"))
        if promoted:
            messages.info(
                request,
                f"{len(promoted)} personne(s) de la liste d'attente ont obtenu une place "
                "et en ont été informées par courriel.",
            )

    @admin.action(description="Publier les événements sélectionnés")
    def publish(self, request, queryset):
        for event in queryset:
            services.event_set_status(event=event, status=PublicationStatus.PUBLISHED)
        messages.success(request, f"{queryset.count()} événement(s) publié(s).")

    @admin.action(description="Repasser en brouillon")
    def unpublish(self, request, queryset):
        for event in queryset:
            services.event_set_status(event=event, status=PublicationStatus.DRAFT)
        messages.success(request, f"{queryset.count()} événement(s) repassé(s) en brouillon.")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "code"]


@admin.register(AssessmentAxis)
class AssessmentAxisAdmin(admin.ModelAdmin):
    list_display = ["label", "slug"]
