.class public interface abstract Lcom/hjq/permissions/OnPermissionCallback;
.super Ljava/lang/Object;
.source "OnPermissionCallback.java"

# Test stub of the XXPermissions result callback (16.x-18.x shape). In the real library
# onDenied is a Java 8 default method; D8 desugars that for minSdk < 24 into
# OnPermissionCallback$-CC.$default$onDenied. The stub keeps both abstract (dex 035).


# virtual methods
.method public abstract onDenied(Ljava/util/List;Z)V
.end method

.method public abstract onGranted(Ljava/util/List;Z)V
.end method
