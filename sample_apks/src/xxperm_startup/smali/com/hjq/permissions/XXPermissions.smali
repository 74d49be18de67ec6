.class public final Lcom/hjq/permissions/XXPermissions;
.super Ljava/lang/Object;
.source "XXPermissions.java"

# Minimal test stub written for this project. It mirrors only the public API shape of
# XXPermissions 16.x-18.x (com.github.getActivity:XXPermissions, package com.hjq.permissions):
# with(Context), permission(String), permission(String...), permission(List),
# request(OnPermissionCallback). Not the library's code.


# instance fields
.field private final mContext:Landroid/content/Context;

.field private final mPermissions:Ljava/util/List;


# direct methods
.method private constructor <init>(Landroid/content/Context;)V
    .registers 3

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/hjq/permissions/XXPermissions;->mContext:Landroid/content/Context;
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    iput-object v0, p0, Lcom/hjq/permissions/XXPermissions;->mPermissions:Ljava/util/List;

    return-void
.end method

.method public static with(Landroid/content/Context;)Lcom/hjq/permissions/XXPermissions;
    .registers 2

    new-instance v0, Lcom/hjq/permissions/XXPermissions;
    invoke-direct {v0, p0}, Lcom/hjq/permissions/XXPermissions;-><init>(Landroid/content/Context;)V

    return-object v0
.end method


# virtual methods
.method public permission(Ljava/lang/String;)Lcom/hjq/permissions/XXPermissions;
    .registers 3

    if-eqz p1, :done
    iget-object v0, p0, Lcom/hjq/permissions/XXPermissions;->mPermissions:Ljava/util/List;
    invoke-interface {v0, p1}, Ljava/util/List;->add(Ljava/lang/Object;)Z

    :done
    return-object p0
.end method

.method public permission(Ljava/util/List;)Lcom/hjq/permissions/XXPermissions;
    .registers 3

    if-eqz p1, :done
    iget-object v0, p0, Lcom/hjq/permissions/XXPermissions;->mPermissions:Ljava/util/List;
    invoke-interface {v0, p1}, Ljava/util/List;->addAll(Ljava/util/Collection;)Z

    :done
    return-object p0
.end method

.method public varargs permission([Ljava/lang/String;)Lcom/hjq/permissions/XXPermissions;
    .registers 3

    invoke-static {p1}, Ljava/util/Arrays;->asList([Ljava/lang/Object;)Ljava/util/List;
    move-result-object v0
    invoke-virtual {p0, v0}, Lcom/hjq/permissions/XXPermissions;->permission(Ljava/util/List;)Lcom/hjq/permissions/XXPermissions;
    move-result-object v0

    return-object v0
.end method

.method public request(Lcom/hjq/permissions/OnPermissionCallback;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = callback

    iget-object v0, p0, Lcom/hjq/permissions/XXPermissions;->mContext:Landroid/content/Context;
    instance-of v1, v0, Landroid/app/Activity;
    if-eqz v1, :done
    check-cast v0, Landroid/app/Activity;

    new-instance v1, Ljava/util/ArrayList;
    iget-object v2, p0, Lcom/hjq/permissions/XXPermissions;->mPermissions:Ljava/util/List;
    invoke-direct {v1, v2}, Ljava/util/ArrayList;-><init>(Ljava/util/Collection;)V

    invoke-static {v0, v1, p1}, Lcom/hjq/permissions/PermissionFragment;->launch(Landroid/app/Activity;Ljava/util/ArrayList;Lcom/hjq/permissions/OnPermissionCallback;)V

    :done
    return-void
.end method
