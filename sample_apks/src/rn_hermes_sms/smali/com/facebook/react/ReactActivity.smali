.class public abstract Lcom/facebook/react/ReactActivity;
.super Landroid/app/Activity;
.source "ReactActivity.java"

# Simplified stub of React Native's host activity.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected getMainComponentName()Ljava/lang/String;
    .registers 2

    const/4 v0, 0x0

    return-object v0
.end method
