.class public Lio/dcloud/application/DCloudApplication;
.super Landroid/app/Application;
.source "DCloudApplication.java"

# Stub of the DCloud application class.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Application;-><init>()V

    return-void
.end method
