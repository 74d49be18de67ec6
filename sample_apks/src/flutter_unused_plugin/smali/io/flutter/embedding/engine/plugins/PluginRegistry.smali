.class public interface abstract Lio/flutter/embedding/engine/plugins/PluginRegistry;
.super Ljava/lang/Object;
.source "PluginRegistry.java"


# virtual methods
.method public abstract add(Lio/flutter/embedding/engine/plugins/FlutterPlugin;)V
.end method
