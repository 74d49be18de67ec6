.class public interface abstract Lio/flutter/embedding/engine/plugins/FlutterPlugin;
.super Ljava/lang/Object;
.source "FlutterPlugin.java"


# virtual methods
.method public abstract onAttachedToEngine(Lio/flutter/embedding/engine/plugins/FlutterPlugin$FlutterPluginBinding;)V
.end method
