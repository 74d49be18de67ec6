.class public final Lcom/hjq/permissions/PermissionFragment;
.super Landroid/app/Fragment;
.source "PermissionFragment.java"

# Test stub of the library's invisible android.app.Fragment (XXPermissions <= 18.x keep a
# class like this under com/hjq/permissions/). onResume shows the system prompt with the
# INHERITED Fragment.requestPermissions, referenced through this class. This is the
# library-internal framework call that must be folded into the app's XXPermissions.request,
# and its result handler must not be read as "the app" reacting to a refusal.


# instance fields
.field private mCallback:Lcom/hjq/permissions/OnPermissionCallback;

.field private mPermissions:Ljava/util/ArrayList;

.field private mRequested:Z


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Fragment;-><init>()V

    return-void
.end method

.method public static launch(Landroid/app/Activity;Ljava/util/ArrayList;Lcom/hjq/permissions/OnPermissionCallback;)V
    .registers 6
    # locals v0..v2 ; p0 = activity, p1 = permissions, p2 = callback

    new-instance v0, Lcom/hjq/permissions/PermissionFragment;
    invoke-direct {v0}, Lcom/hjq/permissions/PermissionFragment;-><init>()V
    iput-object p1, v0, Lcom/hjq/permissions/PermissionFragment;->mPermissions:Ljava/util/ArrayList;
    iput-object p2, v0, Lcom/hjq/permissions/PermissionFragment;->mCallback:Lcom/hjq/permissions/OnPermissionCallback;

    invoke-virtual {p0}, Landroid/app/Activity;->getFragmentManager()Landroid/app/FragmentManager;
    move-result-object v1
    invoke-virtual {v1}, Landroid/app/FragmentManager;->beginTransaction()Landroid/app/FragmentTransaction;
    move-result-object v1
    const-string v2, "XXPermissions"
    invoke-virtual {v1, v0, v2}, Landroid/app/FragmentTransaction;->add(Landroid/app/Fragment;Ljava/lang/String;)Landroid/app/FragmentTransaction;
    move-result-object v1
    invoke-virtual {v1}, Landroid/app/FragmentTransaction;->commitAllowingStateLoss()I

    return-void
.end method


# virtual methods
.method public onRequestPermissionsResult(I[Ljava/lang/String;[I)V
    .registers 10
    # locals v0 = granted, v1 = denied, v2 = i, v3 = n, v4, v5 ; p0 = this, p1..p3

    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    new-instance v1, Ljava/util/ArrayList;
    invoke-direct {v1}, Ljava/util/ArrayList;-><init>()V

    const/4 v2, 0x0
    array-length v3, p2

    :loop
    if-ge v2, v3, :dispatch
    aget v4, p3, v2
    aget-object v5, p2, v2
    if-nez v4, :denied_one
    invoke-virtual {v0, v5}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    goto :next

    :denied_one
    invoke-virtual {v1, v5}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z

    :next
    add-int/lit8 v2, v2, 0x1
    goto :loop

    :dispatch
    iget-object v4, p0, Lcom/hjq/permissions/PermissionFragment;->mCallback:Lcom/hjq/permissions/OnPermissionCallback;
    if-eqz v4, :detach

    invoke-virtual {v1}, Ljava/util/ArrayList;->isEmpty()Z
    move-result v5
    if-nez v5, :all_granted

    const/4 v5, 0x0
    invoke-interface {v4, v1, v5}, Lcom/hjq/permissions/OnPermissionCallback;->onDenied(Ljava/util/List;Z)V
    invoke-virtual {v0}, Ljava/util/ArrayList;->isEmpty()Z
    move-result v5
    if-nez v5, :detach
    const/4 v5, 0x0
    invoke-interface {v4, v0, v5}, Lcom/hjq/permissions/OnPermissionCallback;->onGranted(Ljava/util/List;Z)V
    goto :detach

    :all_granted
    const/4 v5, 0x1
    invoke-interface {v4, v0, v5}, Lcom/hjq/permissions/OnPermissionCallback;->onGranted(Ljava/util/List;Z)V

    :detach
    invoke-virtual {p0}, Lcom/hjq/permissions/PermissionFragment;->getFragmentManager()Landroid/app/FragmentManager;
    move-result-object v4
    invoke-virtual {v4}, Landroid/app/FragmentManager;->beginTransaction()Landroid/app/FragmentTransaction;
    move-result-object v4
    invoke-virtual {v4, p0}, Landroid/app/FragmentTransaction;->remove(Landroid/app/Fragment;)Landroid/app/FragmentTransaction;
    move-result-object v4
    invoke-virtual {v4}, Landroid/app/FragmentTransaction;->commitAllowingStateLoss()I

    return-void
.end method

.method public onResume()V
    .registers 3
    # locals v0, v1 ; p0 = this

    invoke-super {p0}, Landroid/app/Fragment;->onResume()V

    iget-boolean v0, p0, Lcom/hjq/permissions/PermissionFragment;->mRequested:Z
    if-nez v0, :done
    const/4 v0, 0x1
    iput-boolean v0, p0, Lcom/hjq/permissions/PermissionFragment;->mRequested:Z

    iget-object v0, p0, Lcom/hjq/permissions/PermissionFragment;->mPermissions:Ljava/util/ArrayList;
    invoke-virtual {v0}, Ljava/util/ArrayList;->size()I
    move-result v1
    new-array v1, v1, [Ljava/lang/String;
    invoke-virtual {v0, v1}, Ljava/util/ArrayList;->toArray([Ljava/lang/Object;)[Ljava/lang/Object;
    move-result-object v0
    check-cast v0, [Ljava/lang/String;

    const/16 v1, 0x401
    invoke-virtual {p0, v0, v1}, Lcom/hjq/permissions/PermissionFragment;->requestPermissions([Ljava/lang/String;I)V

    :done
    return-void
.end method
