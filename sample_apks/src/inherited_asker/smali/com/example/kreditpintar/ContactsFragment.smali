.class public Lcom/example/kreditpintar/ContactsFragment;
.super Landroidx/fragment/app/Fragment;
.source "ContactsFragment.java"

# An androidx Fragment that asks for READ_CONTACTS in onResume with its inherited
# (deprecated) Fragment.requestPermissions, so the reference names this class. If the
# permission is refused, the result handler closes the hosting screen through
# requireActivity().finish() - finish is again an inherited call, referenced through
# androidx FragmentActivity.


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroidx/fragment/app/Fragment;-><init>()V

    return-void
.end method


# virtual methods
.method public onResume()V
    .registers 4
    # locals v0..v2 ; p0 = this

    invoke-super {p0}, Landroidx/fragment/app/Fragment;->onResume()V

    const/4 v0, 0x1
    new-array v0, v0, [Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "android.permission.READ_CONTACTS"
    aput-object v2, v0, v1

    const/16 v1, 0x65
    invoke-virtual {p0, v0, v1}, Lcom/example/kreditpintar/ContactsFragment;->requestPermissions([Ljava/lang/String;I)V

    return-void
.end method

.method public onRequestPermissionsResult(I[Ljava/lang/String;[I)V
    .registers 5
    # local v0 ; p0 = this, p1 = requestCode, p2 = permissions, p3 = grantResults

    invoke-super {p0, p1, p2, p3}, Landroidx/fragment/app/Fragment;->onRequestPermissionsResult(I[Ljava/lang/String;[I)V

    const/16 v0, 0x65
    if-ne p1, v0, :done

    array-length v0, p3
    if-eqz v0, :denied
    const/4 v0, 0x0
    aget v0, p3, v0
    if-eqz v0, :done

    :denied
    invoke-virtual {p0}, Lcom/example/kreditpintar/ContactsFragment;->requireActivity()Landroidx/fragment/app/FragmentActivity;
    move-result-object v0
    invoke-virtual {v0}, Landroidx/fragment/app/FragmentActivity;->finish()V

    :done
    return-void
.end method
