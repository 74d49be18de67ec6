.class public Lio/dcloud/PandoraEntry;
.super Landroid/app/Activity;
.source "PandoraEntry.java"

# Stub of the DCloud launcher activity (the real one boots the 5+ runtime and loads assets/apps/<appid>/www).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 2

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    return-void
.end method
