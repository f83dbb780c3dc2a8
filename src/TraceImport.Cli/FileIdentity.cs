using System.Runtime.InteropServices;

namespace TraceImport.Cli;

public enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Other,
}

/// <summary>
/// What a path names, and which file it is: its kind and its device and inode, which tell two
/// names of one file apart from two files (a hard link, a symbolic link, "./a" and "a"). On Linux
/// from statx(2), whose buffer has the same layout on every architecture; elsewhere from .NET's
/// file information, with the full path standing in for the inode.
/// </summary>
public readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode, string? FullPath)
{
    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxInode = 0x100;
    private const int StatxBufferLength = 256;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    public static FileIdentity Missing => new(FileKind.Missing, 0, 0, null);

    public bool Exists => Kind != FileKind.Missing;

    /// <summary>Whether the two name one file; never true of files that do not exist.</summary>
    public bool IsSameFileAs(FileIdentity other) =>
        Exists && other.Exists && (FullPath is null ? Device == other.Device && Inode == other.Inode : FullPath == other.FullPath);

    /// <summary>The file a path names, following symbolic links; <see cref="Missing"/> when there is none.</summary>
    public static FileIdentity Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path);
        var buffer = new byte[StatxBufferLength];
        if (Statx(AtCurrentDirectory, path, 0, StatxType | StatxInode, buffer) == 0) return FromStatx(buffer);
        var error = Marshal.GetLastPInvokeError();
        if (error is ENOENT or ENOTDIR) return Missing;
        throw new IOException($"cannot look at {path}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    /// <summary>The file an open descriptor of this process refers to (0, 1, 2 for the standard streams).</summary>
    public static FileIdentity OfDescriptor(int descriptor)
    {
        if (!OperatingSystem.IsLinux()) return Missing;
        var buffer = new byte[StatxBufferLength];
        return Statx(descriptor, "", AtEmptyPath, StatxType | StatxInode, buffer) == 0 ? FromStatx(buffer) : Missing;
    }

    private static FileIdentity FromStatx(ReadOnlySpan<byte> buffer)
    {
        // struct statx, in the machine's byte order: stx_mode at 28 (16 bits), stx_ino at 32, stx_dev_major and stx_dev_minor at 136 and 140.
        var mode = MemoryMarshal.Read<ushort>(buffer[28..]);
        var inode = MemoryMarshal.Read<ulong>(buffer[32..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(buffer[136..]) << 32) | MemoryMarshal.Read<uint>(buffer[140..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileIdentity(kind, device, inode, null);
    }

    private static FileIdentity Portable(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists) return Missing;
        var target = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        return new FileIdentity(info is DirectoryInfo ? FileKind.Directory : FileKind.Regular, 0, 0, Path.GetFullPath(target.FullName));
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
