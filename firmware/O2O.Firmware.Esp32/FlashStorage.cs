using System.IO;
using O2O.Firmware.Core;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Device storage as files on the ESP32's internal flash drive ("I:\", confirm with DriveInfo.GetDrives()).
    /// A write goes to name.tmp, the old file becomes name.bak, name.tmp becomes the file, and name.bak goes.
    /// A power cut at any step leaves a whole version under one of the three names, and reads try them in
    /// that order, so a blob is never half written and never silently lost.
    /// </summary>
    internal sealed class FlashStorage : IDeviceStorage
    {
        private const string Folder = "I:\\o2o";

        public FlashStorage()
        {
            if (!Directory.Exists(Folder))
            {
                Directory.CreateDirectory(Folder);
            }
        }

        public byte[]? Read(string name)
        {
            string path = PathOf(name);
            string[] candidates = { path, path + ".tmp", path + ".bak" };
            for (int i = 0; i < candidates.Length; i++)
            {
                try
                {
                    if (File.Exists(candidates[i]))
                    {
                        return File.ReadAllBytes(candidates[i]);
                    }
                }
                catch (IOException)
                {
                    // Try the next copy.
                }
            }

            return null;
        }

        public bool Write(string name, byte[] data, int length)
        {
            string path = PathOf(name);
            string temporary = path + ".tmp";
            try
            {
                var exact = new byte[length];
                System.Array.Copy(data, exact, length);
                File.WriteAllBytes(temporary, exact);
                string backup = path + ".bak";
                if (File.Exists(backup))
                {
                    File.Delete(backup);
                }

                if (File.Exists(path))
                {
                    File.Move(path, backup);
                }

                File.Move(temporary, path);
                if (File.Exists(backup))
                {
                    File.Delete(backup);
                }

                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            string[] copies = { path, path + ".tmp", path + ".bak" };
            for (int i = 0; i < copies.Length; i++)
            {
                if (File.Exists(copies[i]))
                {
                    File.Delete(copies[i]);
                }
            }
        }

        private static string PathOf(string name)
        {
            return Folder + "\\" + name + ".json";
        }
    }
}
