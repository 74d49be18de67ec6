.class public abstract Lcom/facebook/react/bridge/ReactContextBaseJavaModule;
.super Ljava/lang/Object;
.source "ReactContextBaseJavaModule.java"

# Simplified stub of the React Native native-module base class.


# instance fields
.field protected reactContext:Landroid/content/Context;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method


# virtual methods
.method public abstract getName()Ljava/lang/String;
.end method
